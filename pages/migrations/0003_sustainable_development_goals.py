"""The 17 Sustainable Development Goals are fixed UN reference data, not editorial content."""

from django.db import migrations

GOALS = [
    (1, "No poverty"),
    (2, "Zero hunger"),
    (3, "Good health and well-being"),
    (4, "Quality education"),
    (5, "Gender equality"),
    (6, "Clean water and sanitation"),
    (7, "Affordable and clean energy"),
    (8, "Decent work and economic growth"),
    (9, "Industry, innovation and infrastructure"),
    (10, "Reduced inequalities"),
    (11, "Sustainable cities and communities"),
    (12, "Responsible consumption and production"),
    (13, "Climate action"),
    (14, "Life below water"),
    (15, "Life on land"),
    (16, "Peace, justice and strong institutions"),
    (17, "Partnerships for the goals"),
]


def create_goals(apps, schema_editor):
    goal_model = apps.get_model("pages", "SustainableDevelopmentGoal")
    for number, name in GOALS:
        goal_model.objects.update_or_create(number=number, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_news_repository_and_sharing")]

    operations = [migrations.RunPython(create_goals, migrations.RunPython.noop)]

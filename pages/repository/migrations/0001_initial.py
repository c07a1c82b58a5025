"""The repository's models were the `pages` app's until they became this app. Their tables
stay where they are (each model names its old table), so this migration only tells Django's
state about them; `pages` 0012 then forgets them there. Their content types are renamed, not
recreated, so pages, revisions, search entries, log entries and permissions (and the groups
holding them) keep pointing at them."""

import django.db.models.deletion
import django_countries.fields
import modelcluster.fields
import modelsearch.index
import pages.storage
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = [
    "publisher",
    "resourcecountry",
    "resourceindexpage",
    "resourcelanguage",
    "resourcepage",
    "resourcesuggestion",
    "resourcetheme",
    "resourcetype",
    "sustainabledevelopmentgoal",
]
# Tasks waiting in the queue name their function by its import path.
MOVED_TASKS = {"pages.tasks.make_resource_thumbnail": "pages.repository.tasks.make_resource_thumbnail"}


def _move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moving = ContentType.objects.filter(app_label=from_label, model__in=MOVED_MODELS)
    # A content type already under the new label was made by a `migrate` that ran after this
    # migration was unapplied; nothing but its default permissions uses it, so it gives way to
    # the one that pages, revisions and groups point at. Anything else holding it stops the
    # migration rather than losing a reference.
    unused = ContentType.objects.filter(app_label=to_label, model__in=moving.values("model"))
    Permission.objects.filter(content_type__in=unused).delete()
    unused.delete()
    moving.update(app_label=to_label)


def _move_queued_tasks(apps, paths):
    TaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old_path, new_path in paths.items():
        TaskResult.objects.filter(task_path=old_path, status="READY").update(task_path=new_path)


def move_to_repository(apps, schema_editor):
    _move_content_types(apps, "pages", "repository")
    _move_queued_tasks(apps, MOVED_TASKS)


def move_back_to_pages(apps, schema_editor):
    _move_content_types(apps, "repository", "pages")
    _move_queued_tasks(apps, {new: old for old, new in MOVED_TASKS.items()})


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("pages", "0011_site_default_social_image"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    state_operations = [
        migrations.CreateModel(
            name='ResourceLanguage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='ISO 639-1 code, for example “en” or “id”.', max_length=12, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=80, verbose_name='name')),
            ],
            options={
                'verbose_name': 'language',
                'verbose_name_plural': 'languages',
                'db_table': 'pages_resourcelanguage',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ResourceSuggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='link')),
                ('file', models.FileField(blank=True, storage=pages.storage.private_storage, upload_to='suggestions/%Y/%m/', verbose_name='file')),
                ('publisher', models.CharField(blank=True, max_length=255, verbose_name='publisher')),
                ('country', django_countries.fields.CountryField(blank=True, max_length=2, verbose_name='country')),
                ('reason', models.TextField(max_length=2000, verbose_name='why it is useful')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('organisation', models.CharField(blank=True, max_length=255, verbose_name='organisation')),
                ('email', models.EmailField(max_length=254, verbose_name='email')),
                ('consent', models.BooleanField(default=False, verbose_name='consent')),
                ('status', models.CharField(choices=[('new', 'New'), ('accepted', 'Added to the repository'), ('declined', 'Declined')], default='new', max_length=20, verbose_name='status')),
                ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='submitted')),
                ('file_check', models.CharField(blank=True, choices=[('pending', 'not checked yet'), ('readable', 'readable'), ('unreadable', 'could not be read: open with care')], editable=False, help_text='For PDFs: whether the background worker could read the file.', max_length=10, verbose_name='file check')),
            ],
            options={
                'verbose_name': 'resource suggestion',
                'verbose_name_plural': 'resource suggestions',
                'db_table': 'pages_resourcesuggestion',
                'ordering': ['-submitted_at'],
            },
        ),
        migrations.CreateModel(
            name='ResourceTheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                ('slug', models.SlugField(blank=True, help_text='Used in filter links; made from the name.', max_length=120, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'theme',
                'verbose_name_plural': 'themes',
                'db_table': 'pages_resourcetheme',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ResourceType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                ('slug', models.SlugField(blank=True, help_text='Used in filter links; made from the name.', max_length=120, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'resource type',
                'verbose_name_plural': 'resource types',
                'db_table': 'pages_resourcetype',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='SustainableDevelopmentGoal',
            fields=[
                ('number', models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name='number')),
                ('name', models.CharField(max_length=80, verbose_name='name')),
            ],
            options={
                'verbose_name': 'Sustainable Development Goal',
                'verbose_name_plural': 'Sustainable Development Goals',
                'db_table': 'pages_sustainabledevelopmentgoal',
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='Publisher',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                ('slug', models.SlugField(blank=True, help_text='Used in filter links; made from the name.', max_length=120, unique=True, verbose_name='slug')),
                ('acronym', models.CharField(blank=True, help_text='For example “WHO”.', max_length=30, verbose_name='acronym')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.siteimage', verbose_name='logo')),
            ],
            options={
                'verbose_name': 'publisher',
                'verbose_name_plural': 'publishers',
                'db_table': 'pages_publisher',
                'ordering': ['name'],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='ResourceIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('introduction', models.TextField(blank=True, help_text='One or two sentences shown under the page title. Cards linking to the page show it too when the page has no listing summary (stories, events and programmes show their teaser or summary instead).', max_length=1000, verbose_name='introduction')),
                ('listing_summary', models.TextField(blank=True, help_text="The text on cards linking to this page (section pages, the home page, related content) and in the site's search results. Defaults to the introduction.", max_length=400, verbose_name='listing summary')),
                ('social_title', models.CharField(blank=True, help_text='The title shown when the page is shared on social networks. Defaults to the title tag.', max_length=120, verbose_name='social title')),
                ('social_description', models.TextField(blank=True, help_text='The text shown under the title when the page is shared on Facebook, LinkedIn, X or in chat apps. Defaults to the search description, then the card text.', max_length=300, verbose_name='social description')),
                ('listing_image', models.ForeignKey(blank=True, help_text='Shown on cards that link to this page and when it is shared on social networks.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.siteimage', verbose_name='listing image')),
                ('social_image', models.ForeignKey(blank=True, help_text='The picture shown when the page is shared. Defaults to the listing image.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.siteimage', verbose_name='social image')),
            ],
            options={
                'verbose_name': 'resource repository',
                'verbose_name_plural': 'resource repositories',
                'db_table': 'pages_resourceindexpage',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='ResourcePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('introduction', models.TextField(blank=True, help_text='One or two sentences shown under the page title. Cards linking to the page show it too when the page has no listing summary (stories, events and programmes show their teaser or summary instead).', max_length=1000, verbose_name='introduction')),
                ('listing_summary', models.TextField(blank=True, help_text="The text on cards linking to this page (section pages, the home page, related content) and in the site's search results. Defaults to the introduction.", max_length=400, verbose_name='listing summary')),
                ('social_title', models.CharField(blank=True, help_text='The title shown when the page is shared on social networks. Defaults to the title tag.', max_length=120, verbose_name='social title')),
                ('social_description', models.TextField(blank=True, help_text='The text shown under the title when the page is shared on Facebook, LinkedIn, X or in chat apps. Defaults to the search description, then the card text.', max_length=300, verbose_name='social description')),
                ('summary', models.TextField(help_text='Plain text, two or three sentences, shown on cards.', max_length=600, verbose_name='summary')),
                ('body', wagtail.fields.RichTextField(blank=True, help_text='What a local government can learn from this resource.', verbose_name='key lessons')),
                ('phase', models.CharField(blank=True, choices=[('preparedness', 'Preparedness'), ('response', 'Response'), ('recovery', 'Recovery'), ('resilience', 'Resilience')], db_index=True, max_length=20, verbose_name='pandemic phase')),
                ('status', models.CharField(choices=[('current', 'Current'), ('interim', 'Interim'), ('superseded', 'Superseded')], db_index=True, default='current', help_text='Whether the guidance is still current, interim, or replaced by a newer resource.', max_length=20, verbose_name='guidance status')),
                ('cities', models.CharField(blank=True, help_text='Cities or local governments concerned, comma-separated.', max_length=255, verbose_name='cities')),
                ('government_level', models.CharField(blank=True, choices=[('local', 'Local (city, municipality, district)'), ('regional', 'Regional (province, state)'), ('national', 'National'), ('multi', 'Several levels'), ('international', 'International')], max_length=20, verbose_name='level of government')),
                ('authors', models.CharField(blank=True, help_text='Semicolon-separated, “Family name, Given name”.', max_length=255, verbose_name='authors')),
                ('publication_date', models.DateField(db_index=True, verbose_name='publication date')),
                ('external_url', models.URLField(blank=True, help_text="The resource on the publisher's site.", max_length=500, verbose_name='external link')),
                ('licence', models.CharField(blank=True, help_text='For example “CC BY-NC-SA 3.0 IGO”.', max_length=120, verbose_name='licence')),
                ('identifier', models.CharField(blank=True, db_index=True, help_text="DOI (10.xxxx/…), ISBN or the publisher's document code.", max_length=120, verbose_name='identifier')),
                ('citation', models.TextField(blank=True, help_text='Leave empty to build one from the fields above.', verbose_name='suggested citation')),
                ('featured', models.BooleanField(db_index=True, default=False, help_text='Shown on the home page.', verbose_name='featured')),
                ('is_demo', models.BooleanField(default=False, help_text='Sample content loaded for demonstration; remove before launch.', verbose_name='demo entry')),
                ('download_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='downloads')),
                ('document', models.ForeignKey(blank=True, help_text='The resource itself, usually a PDF. A file, an external link or both are required.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.sitedocument', verbose_name='file')),
                ('languages', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='resources', to='repository.resourcelanguage', verbose_name='languages')),
                ('listing_image', models.ForeignKey(blank=True, help_text='Shown on cards that link to this page and when it is shared on social networks.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.siteimage', verbose_name='listing image')),
                ('publisher', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='resources', to='repository.publisher', verbose_name='publisher')),
                ('social_image', models.ForeignKey(blank=True, help_text='The picture shown when the page is shared. Defaults to the listing image.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.siteimage', verbose_name='social image')),
                ('superseded_by', models.ForeignKey(blank=True, help_text='The resource that replaces this one, when its status is “superseded”.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='supersedes', to='repository.resourcepage', verbose_name='superseded by')),
                ('themes', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='resources', to='repository.resourcetheme', verbose_name='themes')),
                ('resource_type', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='resources', to='repository.resourcetype', verbose_name='resource type')),
                ('sdgs', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='resources', to='repository.sustainabledevelopmentgoal', verbose_name='Sustainable Development Goals')),
            ],
            options={
                'verbose_name': 'resource',
                'verbose_name_plural': 'resources',
                'db_table': 'pages_resourcepage',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='ResourceCountry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('country', django_countries.fields.CountryField(db_index=True, max_length=2, verbose_name='country')),
                ('subregion', models.CharField(blank=True, db_index=True, editable=False, max_length=3, verbose_name='UN M49 sub-region')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='countries', to='repository.resourcepage')),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'db_table': 'pages_resourcecountry',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('page', 'country'), name='unique_resource_country')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(move_to_repository, move_back_to_pages),
    ]

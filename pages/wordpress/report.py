"""The import report: counts per kind of item and every warning, with the WordPress ID and
title it concerns. The command prints it; the admin screen stores it as JSON and shows it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

KINDS = {
    "story": _("Stories"),
    "event": _("Events"),
    "page": _("Pages"),
    "image": _("Images"),
    "document": _("Documents"),
    "redirect": _("Redirects"),
}
OUTCOMES = ("created", "updated", "skipped", "failed")


@dataclass
class ImportReport:
    dry_run: bool = False
    as_drafts: bool = False
    counts: dict = field(default_factory=lambda: {kind: dict.fromkeys(OUTCOMES, 0) for kind in KINDS})
    warnings: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    # WordPress categories that no mapping names: slug → (name, number of posts).
    unknown_categories: dict = field(default_factory=dict)
    # Every WordPress category of the export's posts: slug → name, for the mapping form.
    categories: dict = field(default_factory=dict)
    problem: str = ""

    def count(self, kind, outcome):
        self.counts[kind][outcome] += 1

    def warn(self, item, message):
        self.warnings.append({"wp_id": item.wp_id if item else None, "title": _title(item), "message": str(message)})

    def fail(self, item, kind, message):
        self.count(kind, "failed")
        self.failures.append({"wp_id": item.wp_id, "title": _title(item), "message": str(message)})

    def note_unknown_category(self, term):
        name, posts = self.unknown_categories.get(term.slug, (term.name, 0))
        self.unknown_categories[term.slug] = (name, posts + 1)

    def rows(self):
        """(label, created, updated, skipped, failed) for each kind of item."""
        return [(label, *(self.counts[kind][outcome] for outcome in OUTCOMES)) for kind, label in KINDS.items()]

    def to_json(self):
        return {
            "dry_run": self.dry_run,
            "as_drafts": self.as_drafts,
            "counts": self.counts,
            "warnings": self.warnings,
            "failures": self.failures,
            "unknown_categories": {slug: list(value) for slug, value in self.unknown_categories.items()},
            "categories": self.categories,
            "problem": self.problem,
        }

    @classmethod
    def from_json(cls, data):
        if not data:
            return None
        report = cls(
            dry_run=data["dry_run"],
            as_drafts=data["as_drafts"],
            warnings=data["warnings"],
            failures=data["failures"],
            unknown_categories={slug: tuple(value) for slug, value in data["unknown_categories"].items()},
            categories=data.get("categories", {}),
            problem=data.get("problem", ""),
        )
        for kind, outcomes in data["counts"].items():
            report.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0)).update(outcomes)
        return report

    def as_text(self):
        """The report as the command prints it."""
        lines = [str(_("Dry run: nothing was saved.")) if self.dry_run else str(_("Import finished."))]
        if self.problem:
            lines.append(self.problem)
        lines.append(f"{'':12} {'created':>8} {'updated':>8} {'skipped':>8} {'failed':>8}")
        for label, *numbers in self.rows():
            lines.append(f"{str(label):12} " + " ".join(f"{number:>8}" for number in numbers))
        for slug, (name, posts) in sorted(self.unknown_categories.items()):
            message = _("Unmapped category “%(name)s” (%(slug)s) on %(posts)s posts.")
            lines.append(str(message) % {"name": name, "slug": slug, "posts": posts})
        for entry in self.failures:
            lines.append(f"FAILED #{entry['wp_id']} “{entry['title']}”: {entry['message']}")
        for entry in self.warnings:
            where = f"#{entry['wp_id']} “{entry['title']}”: " if entry["wp_id"] else ""
            lines.append(f"warning {where}{entry['message']}")
        return "\n".join(lines)


def _title(item):
    return (item.title or "").strip()[:200] if item else ""

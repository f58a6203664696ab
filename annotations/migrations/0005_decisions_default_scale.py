"""Give every existing project the default rating scale (new projects get it from ``project_create``)."""

from __future__ import annotations

from django.db import migrations

# A frozen copy of annotations.services.ratings.DEFAULT_SCALE: migrations must not import app code.
DEFAULT_SCALE = [
    ("Confirmed", "confirmed", 3, "The claim is accurate: the evidence supports it."),
    ("Disputed", "disputed", 1, "The claim is inaccurate: the evidence contradicts it."),
    ("Unverified", "unverified", 2, "The available evidence neither confirms nor refutes the claim (yet)."),
]


def add_default_scales(apps, schema_editor) -> None:
    Project = apps.get_model("annotations", "Project")
    RatingItem = apps.get_model("annotations", "RatingItem")
    items = [
        RatingItem(project_id=project_id, name=name, verdict=verdict, value=value, description=description, order=i)
        for project_id in Project.objects.exclude(rating_items__isnull=False).values_list("id", flat=True)
        for i, (name, verdict, value, description) in enumerate(DEFAULT_SCALE)
    ]
    RatingItem.objects.bulk_create(items, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0004_decisions")]

    operations = [migrations.RunPython(add_default_scales, migrations.RunPython.noop)]

"""List endpoints flat to a million claims: Verdict.project (backfilled from the claim), composite
(project, id) indexes for cursor pages, (label, claim) for the label filter, and no single-column
indexes that a unique constraint's index already covers."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0009_outside'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_project_status',
        ),
        migrations.AddField(
            model_name='verdict',
            name='project',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='verdicts', to='annotations.project'),
        ),
        # One statement both databases understand; a fresh install has no verdicts to copy.
        migrations.RunSQL(
            "UPDATE annotations_verdict SET project_id = "
            "(SELECT c.project_id FROM annotations_claim c WHERE c.id = annotations_verdict.claim_id)",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='verdict',
            name='project',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='verdicts', to='annotations.project'),
        ),
        migrations.AlterField(
            model_name='article',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='article',
            name='project',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='articles', to='annotations.project'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='project',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='annotations.project'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='status',
            field=models.CharField(choices=[('needs_review', 'Needs review'), ('confirmed', 'Confirmed'), ('disputed', 'Disputed'), ('unverified', 'Unverified'), ('conflict', 'Conflict')], default='needs_review', max_length=16),
        ),
        migrations.AlterField(
            model_name='membership',
            name='project',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='annotations.project'),
        ),
        migrations.AlterField(
            model_name='verdict',
            name='claim',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='verdicts', to='annotations.claim'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['project', '-created_at', '-id'], name='article_project_created'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['project', 'id'], name='article_project_id'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['project', 'id'], name='claim_project_id'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['project', 'status', 'id'], name='claim_project_status_id'),
        ),
        migrations.AddIndex(
            model_name='verdict',
            index=models.Index(fields=['project', 'id'], name='verdict_project_id'),
        ),
        migrations.AddIndex(
            model_name='verdict',
            index=models.Index(fields=['label', 'claim'], name='verdict_label_claim'),
        ),
    ]

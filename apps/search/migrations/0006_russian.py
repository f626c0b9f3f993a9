"""The Russian texts of each record in the index (title, names, summary, text), case-folded copies for the
SQLite fallback, and on PostgreSQL a trigram GIN index on the Russian names (misspelt Cyrillic names), made
by RunPython like 0002's so that it stays out of Django's model state.

The new columns are empty until the index is rebuilt: run `manage.py search_reindex` after migrating
(`load_csto` rebuilds it at its end). The GIN, (kind, vector) GIN and RUM indexes are on the search_vector
column, so they cover the new English-and-Russian vector as soon as it is written.
"""

from django.db import migrations, models

INDEX = "search_doc_names_ru_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument USING gin (names_ru gin_trgm_ops)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_kind_vector_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='folded_names',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='folded_summary',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='folded_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='names_ru',
            field=models.TextField(blank=True, verbose_name='names (Russian)'),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='summary_ru',
            field=models.TextField(blank=True, verbose_name='summary (Russian)'),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='text_ru',
            field=models.TextField(blank=True, verbose_name='text (Russian)'),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='title_ru',
            field=models.CharField(blank=True, max_length=500, verbose_name='title (Russian)'),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]

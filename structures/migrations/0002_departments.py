from django.db import migrations

from structures.french_departments import DEPARTMENTS


def load_departments(apps, schema_editor):
    Department = apps.get_model("structures", "Department")
    for code, name in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial")]

    operations = [migrations.RunPython(load_departments, migrations.RunPython.noop)]

"""Temporary: structures/admin.py's DepartmentAdmin.get_urls still imports this module.

The département statistics page now lives in bookings.statistics.admin, hooked from
bookings/admin.py. Delete this file with that get_urls.
"""


def department_statistics_view(model_admin):
    return model_admin.statistics_view

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import School


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["urn", "name", "la_code", "phase", "type_group", "status"]
    list_filter = ["la_code", "phase", "status"]
    search_fields = ["name", "urn"]

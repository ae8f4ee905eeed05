"""Admin pages for the reference data: browse and search; codes are fixed, rows come from the data files."""

from django.contrib import admin

from .models import Country, Industry, Language, Municipality, Occupation, Postcode


class ReferenceAdmin(admin.ModelAdmin):
    """Read-mostly: rows are added and removed by ``manage.py load_reference``; only labels can be corrected."""

    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ("code", *self.readonly_fields)


@admin.register(Occupation)
class OccupationAdmin(ReferenceAdmin):
    list_display = ("code", "level", "label_en", "label_da", "parent")
    list_filter = ("level",)
    search_fields = ("code", "label_en", "label_da")
    readonly_fields = ("level", "parent")
    ordering = ("code",)


@admin.register(Industry)
class IndustryAdmin(ReferenceAdmin):
    list_display = ("code", "label_en", "label_da")
    search_fields = ("code", "label_en", "label_da")


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceAdmin):
    list_display = ("code", "name", "region", "town", "lat", "lng")
    list_filter = ("region",)
    search_fields = ("code", "name", "town")
    readonly_fields = ("lat", "lng")


@admin.register(Postcode)
class PostcodeAdmin(ReferenceAdmin):
    list_display = ("code", "name", "municipality", "lat", "lng")
    list_filter = ("municipality__region", "municipality")
    list_select_related = ("municipality",)
    search_fields = ("code", "name", "municipality__name")
    readonly_fields = ("municipality", "lat", "lng")


@admin.register(Language)
class LanguageAdmin(ReferenceAdmin):
    list_display = ("code", "name_en", "name_da")
    search_fields = ("code", "name_en", "name_da")


@admin.register(Country)
class CountryAdmin(ReferenceAdmin):
    list_display = ("code", "name_en", "name_da")
    search_fields = ("code", "name_en", "name_da")

from django.contrib import admin

from organizations.models import Member, Organization, TownshipProfile, Village, VillageGroup


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "category", "parent", "secretary"]
    list_filter = ["level", "category"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "village"]
    readonly_fields = ["path"]


class VillageGroupInline(admin.TabularInline):
    model = VillageGroup
    extra = 0


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "township"]
    list_filter = ["township"]
    search_fields = ["name"]
    inlines = [VillageGroupInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    # Masked as everywhere outside the member's own form.
    list_display = [
        "name",
        "gender",
        "organization",
        "joined_on",
        "full_on",
        "left_on",
        "id_number_masked",
        "phone_masked",
    ]
    list_filter = ["gender", "education", "is_floating", "leave_reason"]
    search_fields = ["name"]
    autocomplete_fields = ["organization", "village_group"]
    list_select_related = ["organization"]

    @admin.display(description="身份证号码")
    def id_number_masked(self, member: Member) -> str:
        return member.masked_id_number

    @admin.display(description="联系电话")
    def phone_masked(self, member: Member) -> str:
        return member.masked_phone

    def has_delete_permission(self, request, obj=None):
        # Members leave (离开日期 + 原因); deleting would rewrite past years' figures.
        return False


@admin.register(VillageGroup)
class VillageGroupAdmin(admin.ModelAdmin):
    search_fields = ["name", "village__name"]
    list_display = ["name", "village"]


@admin.register(TownshipProfile)
class TownshipProfileAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "population", "households"]
    list_filter = ["year"]

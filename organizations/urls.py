from django.urls import path

from organizations.views import members, profiles, tree, villages

urlpatterns = [
    path("organizations/", tree.organization_list, name="organization_list"),
    path("organizations/new/", tree.organization_create, name="organization_create"),
    path("organizations/export/", tree.organization_export, name="organization_export"),
    path("organizations/<int:pk>/", tree.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", tree.organization_edit, name="organization_edit"),
    path("members/", members.member_list, name="member_list"),
    path("members/new/", members.member_create, name="member_create"),
    path("members/export/", members.member_export, name="member_export"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("members/<int:pk>/leave/", members.member_leave, name="member_leave"),
    path("villages/", villages.village_list, name="village_list"),
    path("villages/new/", villages.village_create, name="village_create"),
    path("villages/<int:pk>/", villages.village_detail, name="village_detail"),
    path("villages/<int:pk>/edit/", villages.village_edit, name="village_edit"),
    path("profiles/", profiles.profile_list, name="profile_list"),
    path("townships/<int:township_id>/profiles/<year:year>/edit/", profiles.profile_edit, name="profile_edit"),
]

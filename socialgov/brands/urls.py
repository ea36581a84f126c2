from django.urls import path

from socialgov.brands import path_views, views

app_name = "brands"

urlpatterns = [
    path("brands/", views.brand_list, name="list"),
    path("brands/<slug:slug>/rules/", views.rule_list, name="rules"),
    path("brands/<slug:slug>/rules/new/", views.rule_new, name="rule_new"),
    path("brands/<slug:slug>/rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("brands/<slug:slug>/rules/<int:pk>/toggle/", views.rule_toggle, name="rule_toggle"),
    path("brands/<slug:slug>/rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("brands/<slug:slug>/guidelines/", views.guideline_list, name="guidelines"),
    path("brands/<slug:slug>/guidelines/new/", views.guideline_new, name="guideline_new"),
    path(
        "brands/<slug:slug>/guidelines/<int:pk>/edit/",
        views.guideline_edit,
        name="guideline_edit",
    ),
    path(
        "brands/<slug:slug>/guidelines/<int:pk>/delete/",
        views.guideline_delete,
        name="guideline_delete",
    ),
    path("brands/<slug:slug>/members/", views.members, name="members"),
    path("brands/<slug:slug>/members/<int:pk>/", views.member_role, name="member_role"),
    path(
        "brands/<slug:slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("brands/<slug:slug>/settings/", views.brand_settings, name="settings"),
    path("brands/<slug:slug>/watch-words/", views.watch_words, name="watch_words"),
    path(
        "brands/<slug:slug>/watch-words/<int:pk>/remove/",
        views.watch_word_remove,
        name="watch_word_remove",
    ),
    path("brands/<slug:slug>/rechecks/<int:pk>/", views.recheck_status, name="recheck_status"),
    path("brands/<slug:slug>/calendar/", views.calendar, name="calendar"),
    path(
        "brands/<slug:slug>/calendar/<int:pk>/delete/",
        views.calendar_delete,
        name="calendar_delete",
    ),
    path("brands/<slug:slug>/crises/", views.crises, name="crises"),
    path("brands/<slug:slug>/crises/start/", views.crisis_start, name="crisis_start"),
    path("brands/<slug:slug>/crises/end/", views.crisis_end, name="crisis_end"),
    path("brands/<slug:slug>/approval-path/", path_views.approval_path, name="approval_path"),
    path("brands/<slug:slug>/approval-path/steps/new/", path_views.step_new,
         name="path_step_new"),
    path("brands/<slug:slug>/approval-path/steps/<int:pk>/edit/", path_views.step_edit,
         name="path_step_edit"),
    path("brands/<slug:slug>/approval-path/steps/<int:pk>/move/", path_views.step_move,
         name="path_step_move"),
    path("brands/<slug:slug>/approval-path/steps/<int:pk>/delete/", path_views.step_delete,
         name="path_step_delete"),
    path("brands/<slug:slug>/approval-path/groups/new/", path_views.group_new,
         name="path_group_new"),
    path("brands/<slug:slug>/approval-path/groups/<int:pk>/edit/", path_views.group_edit,
         name="path_group_edit"),
    path("brands/<slug:slug>/approval-path/groups/<int:pk>/delete/", path_views.group_delete,
         name="path_group_delete"),
]

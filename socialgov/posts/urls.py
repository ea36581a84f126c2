from django.urls import path

from socialgov.posts import path_views, review_views, views

app_name = "posts"

urlpatterns = [
    path("posts/", views.my_posts, name="mine"),
    path("posts/new/", views.new_post, name="new"),
    path("posts/<int:pk>/", views.post_detail, name="detail"),
    path("posts/<int:pk>/edit/", views.edit_post, name="edit"),
    path("posts/<int:pk>/submit/", views.submit, name="submit"),
    path("posts/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("posts/<int:pk>/approve/", views.approve, name="approve"),
    path("posts/<int:pk>/request-changes/", views.request_changes, name="request_changes"),
    path("posts/<int:pk>/reject/", views.reject, name="reject"),
    path("posts/<int:pk>/ask-waiver/", views.ask_waiver, name="ask_waiver"),
    path("posts/<int:pk>/duplicate/", views.duplicate, name="duplicate"),
    path("posts/<int:pk>/retry-check/", views.retry_check, name="retry_check"),
    path("posts/<int:pk>/publish/", views.publish, name="publish"),
    path("posts/<int:pk>/archive/", views.archive, name="archive"),
    path("posts/<int:pk>/restore/", views.restore, name="restore"),
    path("posts/<int:pk>/check-status/", views.check_status, name="check_status"),
    path("posts/<int:pk>/findings/<int:finding_pk>/waive/", views.waive, name="waive"),
    path("posts/<int:pk>/versions/<int:number>/", review_views.version_detail, name="version"),
    path("posts/<int:pk>/comments/", review_views.comment_add, name="comment"),
    path("posts/<int:pk>/comments/<int:comment_pk>/reply/", review_views.comment_reply,
         name="comment_reply"),
    path("posts/<int:pk>/comments/<int:comment_pk>/resolve/", review_views.comment_resolve,
         name="comment_resolve"),
    path("posts/<int:pk>/comments/<int:comment_pk>/reopen/", review_views.comment_reopen,
         name="comment_reopen"),
    path("posts/<int:pk>/advise/", views.advise, name="advise"),
    path("posts/<int:pk>/claim/", views.claim, name="claim"),
    path("posts/<int:pk>/release/", views.release, name="release"),
    path("posts/<int:pk>/presence/", path_views.presence, name="presence"),
    path("review/", views.review_queue, name="review_queue"),
    path("status/", views.service_status, name="status"),
]

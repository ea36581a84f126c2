from django.urls import path

from socialgov.posts import backtest_views, views

app_name = "posts"

urlpatterns = [
    path("posts/", views.my_posts, name="mine"),
    path("brands/<slug:slug>/backtests/", backtest_views.backtest_start, name="backtest_start"),
    path("brands/<slug:slug>/backtests/<int:pk>/", backtest_views.backtest_status,
         name="backtest"),
    path("brands/<slug:slug>/rule-health/", backtest_views.rule_health_page,
         name="rule_health"),
    path("posts/new/", views.new_post, name="new"),
    path("posts/live-check/", views.live_check, name="live_check"),
    path("posts/images/", views.upload_images, name="upload_images"),
    path("posts/<int:pk>/", views.post_detail, name="detail"),
    path("posts/<int:pk>/edit/", views.edit_post, name="edit"),
    # Every other move of a person: its name is its row in socialgov/posts/moves.py.
    path("posts/<int:pk>/do/<slug:move>/", views.do, name="do"),
    # The post page's decision form: approve, request changes or reject, as chosen.
    path("posts/<int:pk>/decide/", views.decide, name="decide"),
    path("posts/<int:pk>/check-status/", views.check_status, name="check_status"),
    path("posts/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("posts/<int:pk>/comments/", views.comment_add, name="comment"),
    path("posts/<int:pk>/comments/<int:comment_pk>/reply/", views.comment_reply,
         name="comment_reply"),
    path("posts/<int:pk>/comments/<int:comment_pk>/resolve/", views.comment_resolve,
         name="comment_resolve"),
    path("posts/<int:pk>/comments/<int:comment_pk>/reopen/", views.comment_reopen,
         name="comment_reopen"),
    path("posts/<int:pk>/presence/", views.presence, name="presence"),
    path("review/", views.review_queue, name="review_queue"),
    path("status/", views.service_status, name="status"),
]

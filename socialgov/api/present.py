"""A post as the API shows it: one presenter for the list, the detail and the
due posts, reading a page of posts in a constant number of queries."""

from django.utils.translation import get_language

from socialgov.posts.models import Finding, Post, Publication


def posts_of(brand):
    return (Post.objects.filter(brand=brand)
            .select_related("author", "current_version", "current_check")
            .order_by("-updated_at", "-id"))


def present(posts, request):
    """Each post of ``posts`` (a list) as a dict of the API's PostOut: three
    queries whatever their number (the findings and the publications)."""
    language = (get_language() or "en")[:2]
    current_checks = {post.current_check_id: post for post in posts
                      if post.current_check_id is not None
                      and post.current_check.version_id == post.current_version_id}
    findings = {}
    if current_checks:
        for finding in (Finding.objects.filter(check_run_id__in=current_checks)
                        .select_related("waiver", "variant")):
            findings.setdefault(finding.check_run_id, []).append(finding)
    publications = {}
    if posts:
        for publication in Publication.objects.filter(post__in=[post.pk for post in posts]):
            publications.setdefault(publication.post_id, []).append(publication)
    return [_post(post, request, language, findings.get(post.current_check_id, [])
                  if post.current_check_id in current_checks else [],
                  publications.get(post.pk, [])) for post in posts]


def _post(post, request, language, findings, publications):
    version = post.current_version
    return {
        "id": post.pk,
        "state": post.state,
        "state_label": post.get_state_display(),
        "author": post.author.get_username(),
        "crisis_response": post.crisis_response,
        "archived": post.archived_at is not None,
        "created_at": post.created_at,
        "updated_at": post.updated_at,
        "web_url": request.build_absolute_uri(post.get_absolute_url()),
        "version": None if version is None else {
            "number": version.number,
            "text": version.text,
            "networks": list(version.networks),
            "objective": version.objective,
            "planned_at": version.planned_at,
            "language": version.language,
        },
        "findings": [{
            "rule": finding.rule_key or finding.rule_name,
            "rule_name": finding.rule_name,
            "kind": finding.kind,
            "severity": finding.severity,
            "message": finding.message(language),
            "suggestion": finding.suggestion(language),
            "start": finding.start,
            "end": finding.end,
            "matched": finding.matched,
            "network": (finding.variant.network or None) if finding.variant_id else None,
            "waived": finding.is_waived,
        } for finding in findings],
        "publications": [{
            "network": publication.network,
            "url": publication.url,
            "published_at": publication.published_at,
        } for publication in publications],
    }

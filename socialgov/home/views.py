from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views.decorators.http import require_safe

from socialgov.home import desk


@require_safe
def home(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "home/home.html", {"desk": desk.of(request.user)})

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


def coming_soon(request, title):
    """A menu entry whose page is not built yet: say so kindly, never a dead end."""
    return render(request, "coming_soon.html", {"title": title})


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views as portal_views
from structures.admin.site import admin_urls

admin.site.site_header = f"{settings.ASSOCIATION_NAME} – administration"
admin.site.site_title = settings.ASSOCIATION_NAME
admin.site.index_title = "Gestion du réseau"

urlpatterns = [
    path("admin/", admin_urls(admin.site)),
    path("compte/", include("structures.urls_accounts")),
    path("", portal_views.home, name="home"),
    path("", include("bookings.urls")),
    path("evenements/", include("events.urls")),
    path("", include("structures.urls")),
    path("v/", include("vouchers.urls")),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "structures.views.bad_request"
handler404 = "structures.views.page_not_found"
handler500 = "structures.views.server_error"
handler403 = "structures.views.permission_denied"

from django.conf import settings


def portal(request):
    return {"association_name": settings.ASSOCIATION_NAME}

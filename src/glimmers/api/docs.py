"""The API's human docs page, served from our own static files.

django-ninja ships Swagger UI; we serve its files ourselves (see
NINJA_STATIC_DIR in settings) instead of listing ninja as an installed app, so
the command line never pays for importing the API machinery at start-up.
"""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class LocalSwagger(Swagger):
    # Without this, Swagger UI shows a badge fetched from validator.swagger.io,
    # telling a third party where this instance's schema lives.
    # deepLinking off: it puts a link to each operation inside the button that opens
    # it, a control inside a control that a screen reader cannot reach (axe:
    # nested-interactive). The page's address no longer follows the open operation.
    default_settings = {**Swagger.default_settings, "validatorUrl": None, "deepLinking": False}

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, "api/docs.html", context)

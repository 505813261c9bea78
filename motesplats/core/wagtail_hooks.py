from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_init_script() -> str:
    # Starts the widgets whose inline scripts our admin templates replace (see the script).
    return format_html('<script src="{}"></script>', static("js/admin-init.js"))

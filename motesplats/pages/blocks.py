"""Blocks only the site's own pages use."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from motesplats.accounts.register import processing_register
from motesplats.core.blocks import BodyBlock


class ProcessingRegisterBlock(blocks.StaticBlock):
    """The processing register as it is in the code, wherever an editor places it."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["register"] = processing_register()
        return context

    class Meta:
        icon = "table"
        label = _("Processing register (from the code)")
        admin_text = _(
            "Shows what the platform stores about people, why, on which legal basis "
            "and for how long, as the code does it. Nothing to fill in."
        )
        template = "accounts/_processing_register.html"


class StandardBodyBlock(BodyBlock):
    processing_register = ProcessingRegisterBlock()

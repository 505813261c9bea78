from django.utils.translation import gettext_lazy as _

from wagtail import blocks

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"
        form_classname = "title"


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Section card")
        template = "components/blocks/section_card.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        template="components/blocks/paragraph.html",
    )

    class Meta:
        block_counts = {}

"""Code lists (DESIGN §7): subjects, levels, languages of instruction and municipalities.

Each code is its own primary key, so the API and filters speak codes, and carries its name in
Finnish, Swedish and English.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Code(models.Model):
    code = models.CharField(_("code"), max_length=40, primary_key=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", None) or self.name_fi


class Subject(Code):
    class Meta(Code.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")


class Level(Code):
    """A level of education; `position` orders them from early childhood to upper secondary."""

    class Meta(Code.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class Language(Code):
    class Meta(Code.Meta):
        verbose_name = _("language of instruction")
        verbose_name_plural = _("languages of instruction")


class Municipality(Code):
    class Meta(Code.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

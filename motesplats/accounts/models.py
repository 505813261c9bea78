"""The platform's user: signs in with an e-mail address, never a username."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .consents import PURPOSE_CHOICES


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: member, editor or administrator."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("Shown next to what you publish. Leave empty to stay anonymous."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("sv", "Svenska"), ("en", "English")],
        default="sv",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        full = super().get_full_name()
        return full or self.display_name or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.display_name or self.email.split("@", 1)[0]


class ConsentRecord(models.Model):
    """One act of giving or withdrawing consent. Rows are never changed, only added."""

    user = models.ForeignKey(
        User,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=PURPOSE_CHOICES)
    version = models.CharField(_("text version"), max_length=20)
    text = models.TextField(_("text agreed to"))
    language = models.CharField(_("language"), max_length=8)
    given = models.BooleanField(_("given"))
    source = models.CharField(_("where"), max_length=40)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {'+' if self.given else '-'} {self.created_at:%Y-%m-%d}"

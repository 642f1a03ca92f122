from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ...services.users import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Email wajib diisi.")),
                                                Length(max=320)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Kata sandi wajib diisi.")),
                                                          Length(max=200)])


class NewPasswordForm(FlaskForm):
    """A new password typed twice (the reset link page)."""

    password = PasswordField(_l("Kata sandi baru"), validators=[
        DataRequired(_l("Kata sandi wajib diisi.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200,
               message=_l("Kata sandi minimal %(min)d karakter.")),
    ], render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Ulangi kata sandi baru"), validators=[
        DataRequired(_l("Ulangi kata sandi baru.")),
        EqualTo("password", message=_l("Kedua kata sandi tidak sama.")),
    ], render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordForm):
    """A signed-in user's own change: the current password first."""

    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[
        DataRequired(_l("Kata sandi wajib diisi.")), Length(max=200),
    ], render_kw={"autocomplete": "current-password"})

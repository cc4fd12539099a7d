"""Flask-WTF forms (CSRF token included) for the server-rendered pages."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class HistoryImportForm(FlaskForm):
    """An admin's upload of a force's past episodes (docs/import.md)."""

    history = FileField("History file (CSV or GeoJSON)", validators=[FileRequired()])

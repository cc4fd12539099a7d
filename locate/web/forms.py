"""Flask-WTF forms (CSRF token included) for the server-rendered pages."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class HistoryImportForm(FlaskForm):
    """An admin's upload of a force's past episodes (docs/import.md)."""

    history = FileField("History file (CSV or GeoJSON)", validators=[FileRequired()])


class DistanceTableForm(FlaskForm):
    """A force's own distance table: a CSV file or the same lines typed, and its source."""

    table_file = FileField("CSV file (km,share per line)")
    table_text = TextAreaField("Or type the lines", validators=[Optional(), Length(max=16384)],
                               render_kw={"rows": 8, "placeholder": "km,share\n1,0.30\n3,0.50",
                                          "spellcheck": "false"})
    source = StringField("Where the figures come from", validators=[DataRequired(),
                                                                    Length(max=300)])
    age_band = StringField("Age band (optional)", validators=[Optional(), Length(max=40)],
                           render_kw={"placeholder": "all ages"})


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (putting the default table back)."""

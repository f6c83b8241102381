import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import auth, moderation
from ..clock import now
from ..extensions import db, limiter
from ..models import User
from . import bp
from .forms import ActionForm, NewUserForm, SignInForm


def sign_in_key() -> str:
    """Limit attempts per account as well as per address."""
    return "sign-in:" + (request.form.get("email") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"], key_func=sign_in_key)
def login():
    """Sign in; the same message whether the email or the password was wrong."""
    form = SignInForm()
    if form.validate_on_submit():
        user = auth.find_user(form.email.data)
        if auth.check_password(user, form.password.data):
            user.last_login_at = now()
            db.session.commit()
            login_user(user)
            return redirect(auth.safe_next(request.args.get("next")))
        form.password.errors = [_("That email and password do not match an active account.")]
    status = 401 if form.errors and form.is_submitted() else 200
    return render_template("admin/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    if ActionForm().validate_on_submit():
        logout_user()
    return redirect(url_for("admin.login"))


@bp.route("/users", methods=["GET", "POST"])
@auth.admin_required
def users():
    """Administrators manage moderator accounts (never deleted: deactivated)."""
    form = NewUserForm()
    if form.validate_on_submit():
        if auth.find_user(form.email.data):
            form.email.errors = [_("There is already an account with this email.")]
        else:
            user = auth.create_user(form.email.data, form.password.data, form.role.data)
            moderation.audit(current_user, "create", "user", user.id,
                             {"email": [None, user.email], "role": [None, user.role]})
            db.session.commit()
            flash(_("Account created for %(email)s.", email=user.email))
            return redirect(url_for("admin.users"))
    accounts = db.session.scalars(sa.select(User).order_by(User.email)).all()
    status = 422 if form.errors else 200
    return render_template("admin/users.html", form=form, accounts=accounts,
                           action=ActionForm()), status


@bp.route("/users/<id:user_id>/deactivate", methods=["POST"])
@auth.admin_required
def deactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if ActionForm().validate_on_submit() and user.id != current_user.id and user.is_active:
        user.is_active = False
        moderation.audit(current_user, "deactivate", "user", user.id, {"is_active": [True, False]})
        db.session.commit()
        flash(_("%(email)s can no longer sign in.", email=user.email))
    return redirect(url_for("admin.users"))

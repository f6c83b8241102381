import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from ..moderation import accounts
from ..web.clock import now
from ..extensions import db, limiter
from ..models import User
from . import bp
from .forms import ActionForm, NewUserForm, SignInForm


def address_and_account() -> str:
    """Failed sign-ins to one account from one address. Keyed on both, so guessing from
    elsewhere can never lock the real moderator out (their address has its own count)."""
    return "sign-in:{}:{}".format(get_remote_address(),
                                  (request.form.get("email") or "").strip().lower())


def failed(response) -> bool:
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"], key_func=address_and_account,
               deduct_when=failed)
def login():
    """Sign in; the same message whether the email or the password was wrong."""
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if accounts.check_password(user, form.password.data):
            accounts.signed_in(user, now())
            # A fresh session: nothing (CSRF token included) carries over from before sign-in.
            session.clear()
            login_user(user)
            return redirect(accounts.safe_next(request.args.get("next")))
        record_failed_sign_in(user)
        form.password.errors = [_("That email and password do not match an active account.")]
    status = 401 if form.errors and form.is_submitted() else 200
    return render_template("admin/login.html", form=form), status


def record_failed_sign_in(user: User | None) -> None:
    """Logged and, for an existing account, audited; never the password, nor an unknown
    email (it may be a password typed in the wrong field)."""
    address = get_remote_address()
    if user is None:
        current_app.logger.warning("Failed sign-in to an unknown account from %s", address)
        return
    current_app.logger.warning("Failed sign-in to account %s from %s", user.id, address)
    accounts.failed_sign_in(user, address)


@bp.route("/logout", methods=["POST"])
def logout():
    if ActionForm().validate_on_submit() and current_user.is_authenticated:
        accounts.sign_out(current_user)  # every copy of this session cookie stops working
        logout_user()  # a remember cookie, if any, is deleted with flags (JagaLoginManager)
    return redirect(url_for("admin.login"))


@bp.route("/users", methods=["GET", "POST"])
@accounts.admin_required
def users():
    """Administrators manage moderator accounts (never deleted: deactivated)."""
    form = NewUserForm()
    if form.validate_on_submit():
        if accounts.find_user(form.email.data):
            form.email.errors = [_("There is already an account with this email.")]
        else:
            user = accounts.create_user(form.email.data, form.password.data, form.role.data,
                                        by=current_user)
            flash(_("Account created for %(email)s.", email=user.email))
            return redirect(url_for("admin.users"))
    rows = db.session.scalars(sa.select(User).order_by(User.email)).all()
    status = 422 if form.errors else 200
    return render_template("admin/users.html", form=form, accounts=rows,
                           action=ActionForm()), status


@bp.route("/users/<id:user_id>/deactivate", methods=["POST"])
@accounts.admin_required
def deactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if ActionForm().validate_on_submit() and user.id != current_user.id and user.is_active:
        accounts.deactivate(user, current_user)
        flash(_("%(email)s can no longer sign in.", email=user.email))
    return redirect(url_for("admin.users"))

"""The staff console under /staff: one blueprint, its views in the modules
of this package (each imported here without being listed; a page joins the
menu with `access.in_menu`). Every view needs a signed-in staff account (Flask-Login);
a session ends after STAFF_SESSION_IDLE_MINUTES without a request; every
form is protected against CSRF (Flask-WTF); each action checks the role's
permission."""

from __future__ import annotations

import importlib
import pkgutil
import time
from typing import Any

from flask import Blueprint, Flask, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.staff.accounts import must_use_authenticator
from bot.web.services import WebServices
from bot.web.staff.access import StaffSession, load_session, menu_for
from bot.web.staff.formatting import register_filters

blueprint = Blueprint("staff", __name__, url_prefix="/staff")
csrf = CSRFProtect()
OPEN_ENDPOINTS = frozenset({"staff.login", "staff.login_code"})
# Where an administrator who must set up an authenticator app (STAFF_REQUIRE_MFA) may go meanwhile.
MFA_SETUP_ENDPOINTS = frozenset({"staff.account", "staff.enable_totp", "staff.logout", "staff.password_strength"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_staff(app: Flask, services: WebServices) -> None:
    app.config.update(WTF_CSRF_CHECK_DEFAULT=False, WTF_CSRF_TIME_LIMIT=None)
    csrf.init_app(app)
    login = LoginManager(app)
    login.login_view = "staff.login"
    login.login_message = ""
    login.user_loader(lambda user_id: load_session(services.database, user_id))
    register_filters(app, services.settings)
    for module in pkgutil.iter_modules(__path__):  # each adds its routes and menu items; none is listed
        importlib.import_module(f"{__name__}.{module.name}")
    app.jinja_env.globals["console_menu"] = menu_for

    app.register_blueprint(blueprint)


@blueprint.before_request
def guard() -> ResponseReturnValue | None:
    if request.method in UNSAFE_METHODS:
        csrf.protect()
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        if getattr(session, "expired", False):
            flash(_("Your session ended after a period without activity. Please sign in again."), "info")
        return redirect(url_for("staff.login", next=request.full_path))
    idle_limit = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    now = time.time()
    if now - float(session.get("last_active", 0)) > idle_limit:
        logout_user()
        session.pop("last_active", None)
        flash(_("Your session ended after a period without activity. Please sign in again."), "info")
        return redirect(url_for("staff.login", next=request.full_path))
    session["last_active"] = now
    return _mfa_setup_first()


def _mfa_setup_first() -> ResponseReturnValue | None:
    account = current_user.account
    required = must_use_authenticator(account, current_app.config["SETTINGS"].STAFF_REQUIRE_MFA)
    if required and not account.has_totp and request.endpoint not in MFA_SETUP_ENDPOINTS:
        flash(_("Administrators must set up an authenticator app before going on."), "info")
        return redirect(url_for("staff.account"))
    return None


@blueprint.after_request
def never_stored(response: Response) -> Response:
    """Console pages hold what one staff member may see: no shared or browser cache keeps them."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Pragma"] = "no-cache"
    return response


@blueprint.errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> ResponseReturnValue:
    message = _("The form had expired or did not come from this console. Please try again.")
    return render_template("staff/error.html", title=_("Form refused"), message=message), 400


@blueprint.errorhandler(403)
def forbidden(error: Exception) -> ResponseReturnValue:
    message = _("Your role does not allow this. Ask an administrator if you need it.")
    return render_template("staff/error.html", title=_("Not allowed"), message=message), 403


@blueprint.errorhandler(404)
def not_found(error: Exception) -> ResponseReturnValue:
    return render_template("staff/error.html", title=_("Not found"), message=_("There is no such page.")), 404


@blueprint.app_context_processor
def staff_context() -> dict[str, Any]:
    account = current_user.account if isinstance(current_user, StaffSession) else None
    return {"account": account}

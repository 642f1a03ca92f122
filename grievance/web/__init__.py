"""HTML blueprints: thin views (form → service → flash → redirect)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .admin.routes import bp as admin_bp
    from .auth.routes import bp as auth_bp
    from .cases.routes import bp as cases_bp
    from .dashboard.routes import bp as dashboard_bp
    from .health import bp as health_bp
    from .public.routes import bp as public_bp
    from .stats.routes import bp as stats_bp
    from .unions.routes import bp as unions_bp

    for blueprint in (health_bp, public_bp, auth_bp, cases_bp, unions_bp, stats_bp, admin_bp,
                      dashboard_bp):
        app.register_blueprint(blueprint)

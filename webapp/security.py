"""Security headers and redirect-target checks applied to every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_upload_limits(app: Flask) -> None:
    """Let the endpoints in UPLOAD_LIMITS take larger bodies than a form.

    Registered before CSRF protection, which reads the body first: a limit set later (in a
    blueprint's hook or the view) would come too late and the upload would answer 413.
    """

    @app.before_request
    def allow_uploads() -> None:
        limit = app.config["UPLOAD_LIMITS"].get(request.endpoint or "")
        if limit and request.method == "POST":
            request.max_content_length = limit


def init_app(app: Flask) -> None:
    """Add the security headers to every response; trust exactly PROXY_HOPS proxies."""
    app.after_request(set_security_headers)
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def set_security_headers(response: Response) -> Response:
    """Set CSP, nosniff, framing, referrer and (in production) HSTS headers."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=()"
    if current_app.config["ENV"] == "production":
        headers["Strict-Transport-Security"] = (
            f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains"
        )
    if "Set-Cookie" in headers:
        # A page that sets a cookie (login, session refresh) must not be cached by a proxy.
        headers.setdefault("Cache-Control", "private, no-store")
    return response


def is_safe_redirect(target: str | None) -> bool:
    """Return True when target is a path on this site, never another host or scheme."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc

"""Flask's signed-cookie session, without the work on requests that carry no session cookie.

Most requests are public pages from people who never signed in: Flask would still build a
signer for each of them. The cookie, its signing and its flags are unchanged.
"""

from flask.sessions import SecureCookieSessionInterface


class SessionCookie(SecureCookieSessionInterface):
    def open_session(self, app, request):
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        # Untouched and empty: Flask would set nothing either, after working out every flag.
        if session or session.accessed or session.modified:
            super().save_session(app, session, response)

"""The arguments of the scanner and device API, checked in one place.

Every public method of ``wms.scan.session`` (``open_session``, ``scan``,
``act``, ``screen``) is wrapped by :func:`checked`: before the method runs,
``ids`` must be exactly one record id and each argument must have the JSON
type the API documents. A malformed call raises ``UserError``, which Odoo's
``/json/2`` answers with HTTP 422 and the message; nothing runs, nothing
changes.

Only the *shape* is checked here. A value of the right type that makes no
sense for the step (a quantity ``"nan"`` typed on the keypad, a barcode
nobody has) is the scenario's business: it answers its refusal screen
(``message.type == "error"``) naming what was expected.

Strings must be storable by PostgreSQL (no NUL, no lone UTF-16 surrogate,
which JSON can carry but UTF-8 cannot) and not longer than the argument
allows. A barcode may hold control characters (NUL included): a
misconfigured scanner sends them, and ``barcode.py`` refuses them with an
"unreadable barcode" screen.
"""

import functools
import inspect

from odoo.exceptions import UserError

ID_MAX = 2**31 - 1          # PostgreSQL ``integer``
NAME_MAX = 64               # scenario, action, request id
BARCODE_MAX = 4096          # far above any symbol; barcode.py refuses above its own MAX_LENGTH with a screen
VALUE_MAX = 128             # a keypad entry


def unstorable(text):
    """``"nul"`` or ``"surrogate"`` when PostgreSQL cannot store ``text``, else None."""
    if "\x00" in text:
        return "nul"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def _refuse(env, name, expected, value):
    raise UserError(env._("Argument %(name)s must be %(expected)s; got %(got)s.",
                          name=name, expected=expected, got=_describe(value)))


def _describe(value):
    """The received value for an error message: short, and encodable whatever it holds."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = ascii(value) if isinstance(value, (str, list, dict, tuple)) else repr(value)
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"


def _text(env, name, value, maximum, optional=False, nul=False, minimum=1):
    if value is None and optional:
        return
    if not isinstance(value, str):
        _refuse(env, name, env._("a string"), value)
    problem = unstorable(value)
    if problem == "nul" and not nul:
        _refuse(env, name, env._("a string without NUL characters"), value)
    if problem == "surrogate":
        _refuse(env, name, env._("valid Unicode text (it holds a lone UTF-16 surrogate)"), value)
    if not minimum <= len(value) <= maximum:
        _refuse(env, name, env._("a string of %(min)s to %(max)s characters", min=minimum, max=maximum), value)


def _record_id(env, name, value):
    if type(value) is not int or not 0 < value <= ID_MAX:
        _refuse(env, name, env._("one record id (an integer from 1 to %s)", ID_MAX), value)


def scenario_name(env, value):
    _text(env, "scenario", value, NAME_MAX)


def warehouse_id(env, value):
    if value is not None:
        _record_id(env, "warehouse_id", value)


def barcode(env, value):
    # An empty scan or a control character (NUL included) can come from a
    # misconfigured scanner: barcode.py answers it with an "unreadable barcode"
    # screen, never stored.
    _text(env, "barcode", value, BARCODE_MAX, nul=True, minimum=0)


def action(env, value):
    _text(env, "action", value, NAME_MAX)


def action_value(env, value):
    """A number or keypad text; its meaning is checked by the scenario (refusal screen)."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return
    if not isinstance(value, str):
        _refuse(env, "value", env._("a number, a string or null"), value)
    _text(env, "value", value, VALUE_MAX)


def request_id(env, value):
    _text(env, "request_id", value, NAME_MAX, optional=True)


def session_ids(records):
    """``ids`` must name exactly one session by its integer id."""
    ids = records._ids
    if len(ids) != 1:
        _refuse(records.env, "ids", records.env._("a list of exactly one session id"), list(ids))
    _record_id(records.env, "ids", ids[0])


def checked(on_session=True, **checks):
    """Decorate a public API method: check ``ids`` (when ``on_session``) and each named argument.

    ``checks`` maps an argument name to one of this module's checkers
    ``(env, value)``; defaults count as given, so ``None`` must be allowed by
    the checker when the argument is optional. The signature is kept
    (``functools.wraps``): ``/json/2`` binds keyword arguments to it and
    ``/doc`` shows it.
    """
    def decorate(method):
        signature = inspect.signature(method)

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            if on_session:
                session_ids(self)
            for name, check in checks.items():
                check(self.env, bound.arguments[name])
            return method(self, *args, **kwargs)

        return wrapper

    return decorate

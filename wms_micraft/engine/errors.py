"""The one exception engines raise for bad input: a code, the input at fault, parameters.

Engines are plain Python and know no language: ``EngineError.code`` is a
stable identifier (``"cross_aisle_meets_no_aisle"``), ``field`` the engine
input at fault (``"cross_aisles"``), ``params`` the values a sentence needs.
``str()`` is an English sentence for logs and developers only; the Odoo
models own the translated sentence and name the field as the user sees it.
"""


class EngineError(ValueError):
    def __init__(self, code, text, field=None, **params):
        super().__init__(text)
        self.code = code
        self.field = field
        self.params = params

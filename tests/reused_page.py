"""One browser page lent to test after test and reset in between: the mechanism of the `page` and
`page_with` fixtures. What a test may rely on (the contract), and why, is the `page` fixture's docstring
in tests/conftest.py; tests/test_page_reuse.py checks it.

A page's class is swapped for a subclass of Playwright's sync Page that notes what the test does to
it (and its keyboard's and mouse's, for held keys and buttons): what can be undone is undone when the
test gives the page back; what cannot spends the page, which is then closed with its context.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

#: What an origin keeps that a test could leave for the next one (CDP Storage.clearDataForOrigin's
#: storageTypes; "all" is every type, the tab's sessionStorage included). The HTTP cache is no storage type.
STORAGE_TYPES = "all"

#: Methods (and properties) whose effect outlives the test or reaches the context: they spend the page.
SPENDING = (
    "add_init_script",
    "expose_function",
    "expose_binding",
    "set_default_timeout",
    "set_default_navigation_timeout",
    "set_extra_http_headers",
    "route_from_har",
    "route_web_socket",
    "add_locator_handler",
    "remove_locator_handler",
    "pause",
    "pick_locator",
    "cancel_pick_locator",
)
SPENDING_PROPERTIES = ("context", "clock", "request", "screencast", "webmcp")


class Loan:
    """What one test did to the page that the reset must undo, or that rules a reset out."""

    def __init__(self, earlier_tests: int) -> None:
        self.earlier_tests = earlier_tests
        self.spent: list[str] = []
        self.listeners: list[tuple[str, Any]] = []
        self.routed = False
        self.viewport_changed = False
        self.media_changed = False
        self.keys_down: list[str] = []
        self.buttons_down: list[str] = []


_CLASSES: dict[str, type] = {}


def _classes() -> dict[str, type]:
    """Subclasses of Playwright's sync Page, Keyboard and Mouse that note what a test does; a page's
    class is swapped for them, so ``expect(page)`` and isinstance() see a Page as before."""
    if _CLASSES:
        return _CLASSES
    from playwright.sync_api import Keyboard, Mouse, Page

    def spending_method(name: str):
        def method(self, *args, **kwargs):
            self._loan.spent.append(name)
            return getattr(Page, name)(self, *args, **kwargs)

        method.__name__ = name
        return method

    def spending_property(name: str):
        def getter(self):
            self._loan.spent.append(name)
            return getattr(Page, name).fget(self)

        return property(getter)

    class LentPage(Page):
        _loan: Loan

        def on(self, event, f) -> None:
            self._loan.listeners.append((event, f))
            super().on(event, f)

        def once(self, event, f) -> None:
            self._loan.listeners.append((event, f))
            super().once(event, f)

        def route(self, *args, **kwargs):
            self._loan.routed = True
            return super().route(*args, **kwargs)

        def set_viewport_size(self, viewport_size) -> None:
            self._loan.viewport_changed = True
            super().set_viewport_size(viewport_size)

        def emulate_media(self, **kwargs) -> None:
            self._loan.media_changed = True
            super().emulate_media(**kwargs)

        def requests(self):
            if self._loan.earlier_tests:
                raise RuntimeError(
                    "page.requests() on a reused page lists earlier tests' requests too: "
                    "collect them with page.on('request') (tests/reused_page.py)"
                )
            return super().requests()

    for name in SPENDING:
        setattr(LentPage, name, spending_method(name))
    for name in SPENDING_PROPERTIES:
        setattr(LentPage, name, spending_property(name))

    class LentKeyboard(Keyboard):
        _loan_of: Any

        def down(self, key: str) -> None:
            super().down(key)
            self._loan_of._loan.keys_down.append(key)

        def up(self, key: str) -> None:
            super().up(key)
            if key in self._loan_of._loan.keys_down:
                self._loan_of._loan.keys_down.remove(key)

    class LentMouse(Mouse):
        _loan_of: Any

        def down(self, **kwargs) -> None:
            super().down(**kwargs)
            self._loan_of._loan.buttons_down.append(kwargs.get("button") or "left")

        def up(self, **kwargs) -> None:
            super().up(**kwargs)
            button = kwargs.get("button") or "left"
            if button in self._loan_of._loan.buttons_down:
                self._loan_of._loan.buttons_down.remove(button)

    _CLASSES.update(page=LentPage, keyboard=LentKeyboard, mouse=LentMouse, Page=Page, Keyboard=Keyboard, Mouse=Mouse)
    return _CLASSES


class ReusedPage:
    """One context and one page of ``browser``, lent to one test at a time (see the module's docstring).

    ``lend()`` gives the page to a test; ``give_back()`` resets it, or closes it and its context when
    the test spent it, and returns the JavaScript errors the page raised during that test.
    ``init_script`` is added to the context before its page opens: every test sees it, as a context option.
    """

    def __init__(self, browser, *, init_script: str | None = None, **context_options: Any) -> None:
        self.browser = browser
        self.init_script = init_script
        self.options = context_options
        self.context = None
        self.page = None
        self.loans = 0  # tests the current page has served
        self.lent = False
        self._errors: list[str] = []
        self._origins: set[str] = set()

    def lend(self):
        if self.lent:
            raise RuntimeError("this page is lent to a test already: one page, one test at a time")
        if self.page is None:
            self._open()
        self._errors = []
        self.page._loan = Loan(self.loans)
        self.loans += 1
        self.lent = True
        return self.page

    def give_back(self) -> list[str]:
        """Reset the page for the next test (or close it); the errors its test's pages raised."""
        errors = self._errors
        page, self.lent = self.page, False
        if page is None:
            return errors
        loan: Loan = page._loan
        try:
            if page.is_closed() or loan.spent or len(self.context.pages) > 1:
                self.close()
            else:
                self._reset(page, loan)
        except BaseException:
            self.close()  # a page the reset failed on is never lent again
            raise
        return errors

    def close(self) -> None:
        if self.context is not None:
            context, self.context, self.page = self.context, None, None
            context.close()

    def _open(self) -> None:
        c = _classes()
        self.context = self.browser.new_context(**self.options)
        if self.init_script:
            self.context.add_init_script(self.init_script)
        page = self.context.new_page()
        page.on("pageerror", lambda error: self._errors.append(str(error)))
        page.on("framenavigated", self._navigated)
        self._viewport = page.viewport_size
        self._origins = set()
        self.loans = 0
        page.__class__ = c["page"]
        page.keyboard.__class__ = c["keyboard"]
        page.keyboard._loan_of = page
        page.mouse.__class__ = c["mouse"]
        page.mouse._loan_of = page
        self.page = page
        self._to_blank(page)  # the first test starts where the next ones will

    def _navigated(self, frame) -> None:
        """Note each origin a frame shows, whose storage the reset clears."""
        parts = urlsplit(frame.url)
        if parts.scheme in ("http", "https"):
            self._origins.add(f"{parts.scheme}://{parts.netloc}")
        elif parts.scheme not in ("about", "data", "blob", "chrome-error") and self.lent:  # file: and the like
            self.page._loan.spent.append(f"a {parts.scheme}: page")

    def _to_blank(self, page) -> None:
        """about:blank, loaded by the browser, with a history of that one entry and no stored data.

        A new page is not on such a document but on a new tab's initial one, which Chromium's Local
        Network Access counts as loopback (a loaded about:blank counts as public: 127.0.0.1 resources
        written into it by set_content are blocked). A reused page cannot get an initial document
        back, so the first test starts on a loaded about:blank too: every test starts alike."""
        page.goto("about:blank")
        page.evaluate("window.name = ''")  # kept by the tab across navigations
        # A CDP session only for this: one left attached is seen by the page (it undid
        # emulate_media(media="print") on the next navigation, measured).
        cdp = self.context.new_cdp_session(page)
        try:
            cdp.send("Page.resetNavigationHistory")
            for origin in sorted(self._origins):
                cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": STORAGE_TYPES})
        finally:
            cdp.detach()
        self._origins.clear()

    def _reset(self, page, loan: Loan) -> None:
        c = _classes()
        Page, Keyboard, Mouse = c["Page"], c["Keyboard"], c["Mouse"]
        for event, f in loan.listeners:  # the test's handlers never see what follows
            Page.remove_listener(page, event, f)
        if loan.routed:
            page.unroute_all(behavior="ignoreErrors")
        self._to_blank(page)
        self.context.clear_cookies()
        if loan.viewport_changed:
            Page.set_viewport_size(page, self._viewport)
        if loan.media_changed:
            Page.emulate_media(
                page,
                media="null",
                color_scheme=self.options.get("color_scheme", "light"),
                reduced_motion=self.options.get("reduced_motion", "no-preference"),
                forced_colors=self.options.get("forced_colors", "none"),
                contrast=self.options.get("contrast", "no-preference"),
            )
        for key in reversed(loan.keys_down):
            Keyboard.up(page.keyboard, key)
        for button in reversed(loan.buttons_down):
            Mouse.up(page.mouse, button=button)
        page.mouse.move(0, 0)  # where a new page has it: nothing hovered
        page.clear_console_messages()
        page.clear_page_errors()

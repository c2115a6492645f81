"""The `page` fixture lends one page test after test (tests/reused_page.py): what a test leaves is gone.

The tests run in file order in one process (`--dist loadfile`): each odd one leaves something, the
next one checks the page it gets shows none of it. Each passes alone and in any order, but then it has
nothing to check against.
"""

from __future__ import annotations

import pytest

from .conftest import serve_folder

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

HTML = """<!doctype html><title>reuse</title>
<style>#box { width: 300px; height: 300px; } #box:hover { outline: 1px solid red; }</style>
<div id="box"></div><input id="field"><script>document.title = "scripts ran"</script>"""
#: Everything a page can keep, read in the page: a new page in a new context reads all empty.
KEPT = """async () => ({
    local: localStorage.length, session: sessionStorage.length, cookie: document.cookie, name: window.name,
    history: history.length, databases: (await indexedDB.databases()).map(d => d.name),
    caches: await caches.keys(), dark: matchMedia('(prefers-color-scheme: dark)').matches,
    print: matchMedia('print').matches, hovered: document.querySelectorAll(':hover').length,
    width: innerWidth,
})"""
EMPTY = {
    "local": 0, "session": 0, "cookie": "", "name": "", "history": 2, "databases": [], "caches": [],
    "dark": False, "print": False, "hovered": 0, "width": 1280,
}  # fmt: skip
#: The page each test was lent, for the next one to compare with.
LENT: dict[str, object] = {}
#: What a listener the first test left behind would have heard.
HEARD: list[str] = []


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory):
    """Two origins serving the same small page (an element to hover, a field to type in)."""
    servers = []
    for name in ("a", "b"):
        folder = tmp_path_factory.mktemp(name)
        (folder / "index.html").write_text(HTML, encoding="utf-8")
        servers.append(serve_folder(folder))
    yield [url for url, _ in servers]
    for _, server in servers:
        server.shutdown()
        server.server_close()


def test_a_test_leaves_storage_media_routes_listeners_and_input_behind(page, origins: list[str]) -> None:
    LENT["state"] = page
    assert page.url == "about:blank" and page.evaluate("history.length") == 1  # a new page or not: the same start
    for origin in origins:
        page.goto(f"{origin}/")
        page.evaluate("""async () => {
            localStorage.setItem('k', 'v'); sessionStorage.setItem('k', 'v'); document.cookie = 'k=v; path=/';
            window.name = 'left'; history.pushState({}, '', '#pushed');
            await new Promise(done => {
                const r = indexedDB.open('left'); r.onsuccess = () => { r.result.close(); done(); };
            });
            await caches.open('left');
        }""")
    page.set_viewport_size({"width": 500, "height": 400})
    page.emulate_media(media="print", color_scheme="dark")
    page.route("**/routed", lambda route: route.fulfill(body="routed"))
    page.on("console", lambda message: HEARD.append(message.text))
    page.evaluate("console.log('left')")  # kept in page.console_messages()
    page.goto(f"{origins[0]}/")
    page.locator("#box").hover()
    page.mouse.down()
    page.keyboard.down("Shift")
    left = page.evaluate(KEPT)
    assert left["local"] == left["session"] == 1 and left["dark"] and left["print"] and left["hovered"], left
    assert page.evaluate("fetch('/routed').then(r => r.text())") == "routed"


def test_the_next_test_sees_none_of_it(page, origins: list[str]) -> None:
    if "state" in LENT:
        assert page is LENT.pop("state"), "the page was not reused: this test proves nothing"
    assert page.url == "about:blank" and page.evaluate("history.length") == 1
    assert page.viewport_size == {"width": 1280, "height": 720}
    assert page.console_messages(filter="all") == [] and page.page_errors(filter="all") == []
    for visited, origin in enumerate(origins):
        page.goto(f"{origin}/")
        assert page.evaluate(KEPT) == {**EMPTY, "history": 2 + visited}, origin
    assert page.evaluate("fetch('/routed').then(r => r.status)") == 404
    page.evaluate("console.log('heard')")
    page.evaluate("1")  # a round trip: a console event sent before it has reached this process
    assert "heard" not in HEARD
    page.evaluate(
        "window.moves = []; addEventListener('mousemove', e => moves.push([e.clientX, e.clientY, e.buttons]))"
    )
    page.mouse.move(6, 6, steps=2)  # from where a new page has the mouse, (0, 0), with no button held
    assert page.evaluate("moves") == [[3, 3, 0], [6, 6, 0]]
    page.evaluate("window.keys = []; addEventListener('keydown', e => keys.push([e.key, e.shiftKey]))")
    page.locator("#field").press("a")
    expect(page.locator("#field")).to_have_value("a")
    assert page.evaluate("keys") == [["a", False]], "Shift is still held"
    expect(page).to_have_url(f"{origins[1]}/")  # expect() still takes the page


def test_an_init_script_spends_the_page(page, origins: list[str]) -> None:
    LENT["init"] = page
    page.add_init_script("window.left = 'init script'")
    page.goto(f"{origins[0]}/")
    assert page.evaluate("window.left") == "init script"


def test_the_next_test_gets_a_new_page_without_it(page, origins: list[str]) -> None:
    if "init" in LENT:
        assert page is not LENT.pop("init"), "a page with the last test's init script was lent again"
    page.goto(f"{origins[0]}/")
    assert page.evaluate("typeof window.left") == "undefined"


def test_a_javascript_error_fails_only_the_test_that_raised_it(reused_pages, origins: list[str]) -> None:
    """What the `page` fixture asserts after each test: the errors of that loan, none of the next."""
    pool = reused_pages()
    page = pool.lend()
    try:
        page.goto(f"{origins[0]}/")
        with page.expect_event("pageerror"):
            page.evaluate("setTimeout(() => { throw new Error('raised in this test') })")
    finally:
        errors = pool.give_back()
    assert len(errors) == 1 and "raised in this test" in errors[0], errors
    page = pool.lend()
    try:
        assert page.page_errors(filter="all") == []
        page.goto(f"{origins[0]}/")
    finally:
        assert pool.give_back() == []


def test_page_with_options_lends_a_page_of_those_options(page_with, origins: list[str]) -> None:
    page = page_with(java_script_enabled=False, viewport={"width": 400, "height": 300})
    page.goto(f"{origins[0]}/")
    assert page.viewport_size == {"width": 400, "height": 300}
    assert page.title() == "reuse"  # the page's script did not run
    with pytest.raises(RuntimeError, match="lent to a test already"):
        page_with(java_script_enabled=False, viewport={"width": 400, "height": 300})


def test_a_popup_spends_the_page(page, origins: list[str]) -> None:
    LENT["popup"] = page
    page.goto(f"{origins[0]}/")
    with page.expect_popup() as popup:
        page.evaluate("window.open('/')")
    popup.value.wait_for_load_state()


def test_after_a_popup_the_page_is_new(page, origins: list[str]) -> None:
    if "popup" in LENT:
        assert page is not LENT.pop("popup")
    assert page.url == "about:blank"

"""The Content-Security-Policy would stop an injected inline script, even if escaping failed."""

from .browser import wait_for


def test_csp_blocks_inline_scripts_and_handlers(browser, live_server):
    browser.get(live_server.url + "/en/directory")
    browser.execute_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
        const script = document.createElement('script');
        script.textContent = 'window.__pwned = true';
        document.body.appendChild(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__pwned2 = true');
        img.src = 'data:,not-an-image';
        document.body.appendChild(img);
        const style = document.createElement('div');
        style.setAttribute('style', 'color: red');
    """)
    violations = wait_for(browser, lambda d: d.execute_script("return window.__violations.length >= 2 && window.__violations"))
    assert any(v.startswith("script-src") for v in violations), violations
    assert browser.execute_script("return window.__pwned === undefined && window.__pwned2 === undefined")


def test_htmx_needs_nothing_the_policy_forbids(browser, live_server):
    browser.get(live_server.url + "/en/directory")
    assert browser.execute_script("return typeof htmx === 'object' && htmx.config.allowEval === false")
    # htmx injects an inline <style> for its indicators unless told not to; the policy would block it.
    assert browser.execute_script("return document.querySelectorAll('style').length") == 0

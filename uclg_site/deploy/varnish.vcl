# Varnish 7 in front of the site's application servers (README, "Behind a shared cache").
#
# The site says what may be shared: a public page carries
# `Cache-Control: public, max-age=…, s-maxage=…, stale-while-revalidate=…, stale-if-error=…`,
# everything personal or with a form says `private`. Publishing sends PURGE for each URL that
# changed, and BAN after a change that shows on every page (pages/shared_cache.py).
vcl 4.1;

import std;

# The application server, or a load balancer in front of several. The one line a deployment
# changes; the tests start Varnish with their own Gunicorn's port here.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    # Longer than Gunicorn's 30 s worker timeout, so the site's own answer arrives.
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 30s;
    # Tells a failing site apart, for stale-if-error below; starts healthy.
    .probe = {
        .url = "/health/";
        .interval = 5s;
        .timeout = 3s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# Who may PURGE and BAN: the application servers and their task workers. Add their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "Not allowed"));
        }
        # Everything, on every host: only obj.* in the expression, so the ban lurker frees
        # the memory at once instead of waiting for each object to be requested.
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }

    # Tracking tags never change a page (the site ignores them too): one copy for all.
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[^=&]*|_ga|_gl|mc_[^=&]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid)=[^&]*&?", "");
    set req.url = regsub(req.url, "[?&]+$", "");

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|health)(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # Logged-in editors and members (Django's session cookie) and visitors with a message
    # waiting (after a form) always reach the site, whose answer to them is private.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Any other cookie is left out, except the CSRF token that the site's forms check: a page
    # that uses it is private and never stored, and a public page is the same with or without it.
    if (req.http.Cookie) {
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;)\s*+(?!csrftoken=)[^;]*", "");
        set req.http.Cookie = regsub(req.http.Cookie, "^;\s*", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    # The site's pages decide what is stored (Cache-Control), not the cookie left above.
    set req.grace = 30s;
    if (!std.healthy(req.backend_hint)) {
        # The site is failing: serve what we have, up to each page's stale-if-error.
        set req.grace = 24h;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    # The host without its port: purges name the address of the Wagtail site, while visitors
    # may arrive through a proxy on another port.
    hash_data(regsub(req.http.host, ":[0-9]+$", ""));
    return (lookup);
}

sub vcl_backend_response {
    # s-maxage and stale-while-revalidate are Varnish's TTL and grace already. A public page
    # does not depend on the cookies that reach the site with it (those that change a page
    # were passed in vcl_recv), so its `Vary: Cookie` would only keep one copy per visitor.
    if (beresp.http.Cache-Control ~ "(?i)\bpublic\b" && !beresp.http.Set-Cookie) {
        if (beresp.http.Vary) {
            set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*Cookie\s*(?=,|$)", "");
            set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
            if (beresp.http.Vary == "") {
                unset beresp.http.Vary;
            }
        }
        # Keep an expired page for stale-if-error, served while the site is failing
        # (req.grace in vcl_recv limits it to 30 s while the site is healthy).
        if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
            set beresp.grace = std.duration(
                regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), beresp.grace);
        }
    }
}

sub vcl_deliver {
    # For people and tests: whether this answer came from Varnish's store.
    if (obj.uncacheable) {
        set resp.http.X-Shared-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Shared-Cache = "hit";
    } else {
        set resp.http.X-Shared-Cache = "miss";
    }
}

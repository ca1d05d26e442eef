/* The site search page: asks the site's own Pagefind index (pagefind/pagefind.js) and lists
   what it finds. Nothing is loaded from another host. Result links are made relative to this
   page, so the site works at a domain's root and under a sub-path alike.
   Browsers do not let a page opened from a file load the index: the page then says so. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-search-bundle]");
  if (!form) return;
  var PAGE_SIZE = Number(form.getAttribute("data-page-size")) || 10;  // results shown at a time
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreRow = document.getElementById("search-more-row");
  var more = document.getElementById("search-more");
  var bundle = form.getAttribute("data-search-bundle");
  var siteRoot = bundle.slice(0, bundle.length - "pagefind/pagefind.js".length);
  var text = function (name) { return form.getAttribute("data-text-" + name) || ""; };

  if (location.protocol === "file:") {
    document.getElementById("search-file").hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    return;
  }

  var pagefind = null;
  var loading = null;
  var current = { query: "", results: [], shown: 0 };
  var asked = 0;  // the number of the latest search; an older one's answer is dropped
  var timer = null;
  var adding = false;  // more results on their way: a second click must not add them twice

  function load() {
    if (!loading) {
      loading = import(new URL(bundle, document.baseURI).href).then(function (module) {
        pagefind = module;
        // Result URLs from the site's root ("/projektek/…"), made relative to this page below.
        return pagefind.options({ baseUrl: "/", excerptLength: 24 }).then(function () {
          return pagefind.init();
        }).then(mergeParts);
      }).catch(function (error) {
        loading = null;  // try again at the next search
        throw error;
      });
    }
    return loading;
  }

  /* A large site's index comes in parts (pagefind/infoblokk-parts.json names the others,
     each a bundle of its own, so that an edit makes only its part again): searched as one. */
  function mergeParts() {
    var folder = new URL(bundle, document.baseURI);
    return fetch(new URL("infoblokk-parts.json", folder).href).then(function (response) {
      return response.ok ? response.json() : { parts: [] };
    }).then(function (listed) {
      return listed.parts.reduce(function (merged, part) {
        return merged.then(function () {
          return pagefind.mergeIndex(new URL(part, folder).href, { baseUrl: "/" });
        });
      }, Promise.resolve());
    });
  }

  function say(message) {
    status.textContent = message;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* Pagefind's excerpt is HTML with <mark> around the words found; keep only text and marks. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    var nodes = [];
    parsed.querySelectorAll("p").forEach(function (paragraph) {
      paragraph.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          nodes.push(mark);
        } else {
          nodes.push(document.createTextNode(node.textContent));
        }
      });
    });
    return nodes;
  }

  function link(url) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
    return siteRoot + url.replace(/^\/+/, "");
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var anchor = document.createElement("a");
    anchor.href = link(data.url);
    anchor.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(anchor);
    item.appendChild(heading);
    if (data.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-result__excerpt";
      excerptNodes(data.excerpt).forEach(function (node) { excerpt.appendChild(node); });
      item.appendChild(excerpt);
    }
    return item;
  }

  function showMore(number, moveFocus) {
    var next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (found) {
      if (number !== asked) return;
      var first = null;
      found.forEach(function (data) {
        var item = resultItem(data);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      current.shown += next.length;
      moreRow.hidden = current.shown >= current.results.length;
      if (moveFocus && first) first.focus();
    });
  }

  function search(query) {
    var number = ++asked;
    query = query.trim();
    current = { query: query, results: [], shown: 0 };
    list.textContent = "";
    moreRow.hidden = true;
    if (!query) {
      say("");
      return Promise.resolve();
    }
    say(text("loading"));
    return load()
      .then(function () { return pagefind.search(query); })
      .then(function (answer) {
        if (number !== asked) return;
        current.results = answer.results;
        if (!answer.results.length) {
          say(fill(text("none"), { query: query }));
          return;
        }
        return showMore(number, false).then(function () {
          if (number === asked) say(fill(text("count"), { count: answer.results.length }));
        });
      })
      .catch(function () {
        if (number === asked) say(text("unavailable"));
      });
  }

  function remember(query) {
    var address = new URL(location.href);
    if (query.trim()) address.searchParams.set("q", query.trim());
    else address.searchParams.delete("q");
    history.replaceState(null, "", address.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    search(input.value);
  });

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(input.value);
      search(input.value);
    }, 300);
  });

  more.addEventListener("click", function () {
    if (adding) return;
    adding = true;
    showMore(asked, true).then(
      function () { adding = false; },
      function () { adding = false; }
    );
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();

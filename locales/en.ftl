# kbsite UI strings: English (the source and fallback locale).
# Every locale file has exactly the same keys. Numbers passed as $count
# select the plural form; the other variables are plain text.

## Language

# The name of this language, written in this language.
language-name = English

## Site chrome (base.html)

site-title = Help center
skip-to-content = Skip to main content
nav-home = Home
nav-all-languages = All languages
breadcrumb-label = Breadcrumb
language-switcher-label = Language
# Short marker after a language in the switcher.
locale-status-stale = outdated
locale-status-missing = not translated
footer-license = Article content is adapted from Microsoft documentation, licensed under CC BY 4.0.
footer-generator = Built with kbsite.

## Notices shown at the top of a page

notice-mt-title = Machine translation
notice-mt-body = This page was translated by a computer and may contain errors.
notice-read-original = Read the English original
notice-stale-title = This translation is out of date
notice-stale-body = The English original has been updated since this page was translated.
# $count (number): sentences whose English source has changed since translation.
notice-stale-changed =
    { $count ->
        [one] { $count } sentence has changed.
       *[other] { $count } sentences have changed.
    }
# $count (number): English sentences that have no translation yet.
notice-stale-missing =
    { $count ->
        [one] { $count } sentence is not translated yet.
       *[other] { $count } sentences are not translated yet.
    }
notice-fallback-title = Not translated yet
notice-fallback-body = This page has not been translated into your language yet, so the English original is shown.

## Counts

# $count (number)
articles-count =
    { $count ->
        [one] { $count } article
       *[other] { $count } articles
    }
# $count (number)
codes-count =
    { $count ->
        [one] { $count } code
       *[other] { $count } codes
    }

## Home page (home.html)

home-intro = Look up an SMTP error code to find out what it means and how to fix it.
articles-heading = Articles
codes-heading = Error codes
col-reply-code = Reply code
col-enhanced-code = Enhanced status code
col-error = Error
col-class = Class
col-article = Article
other-codes-hint = Can’t find your code?

## Article page (article.html)

toc-heading = On this page
article-codes-heading = Error codes in this article
translation-mt = Machine translation
translation-ht = Human translation
# $date (text): the date the translation was made, as YYYY-MM-DD.
translation-date = Translated on { $date }

## Error code page (code.html)

code-eyebrow = SMTP error code
code-reply = Reply code
code-enhanced = Enhanced status code
code-class = Class
code-subject = Subject
code-description = What it means
code-causes = Causes
code-fixes = How to fix
code-read-in-article = Read in the article
code-prev = Previous code
code-next = Next code
code-pager-label = More error codes
list-prev = Previous page
list-next = Next page
list-pager-label = Pages
pager-status = Page { $current } of { $total }

## Language chooser (chooser.html, site/index.html)

chooser-title = Choose your language

## Enhanced status codes (RFC 3463): class, the first digit

smtp-class-2 = Success
smtp-class-4 = Persistent transient failure
smtp-class-5 = Permanent failure
smtp-class-2-help = The message was accepted for delivery.
smtp-class-4-help = A temporary problem: the sending server keeps the message in its queue and tries again later.
smtp-class-5-help = The message was rejected. Sending it again fails until the problem is fixed.

## Enhanced status codes (RFC 3463): subject, the second digit

smtp-subject-0 = Other or undefined status
smtp-subject-1 = Addressing status
smtp-subject-2 = Mailbox status
smtp-subject-3 = Mail system status
smtp-subject-4 = Network and routing status
smtp-subject-5 = Mail delivery protocol status
smtp-subject-6 = Message content or media status
smtp-subject-7 = Security or policy status

## Alert labels (used by the Markdown renderer for > [!NOTE] and the like)

alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution

## Video cards (the Markdown renderer, for DocFX [!VIDEO https://…] lines)

video-label = Video

## Includes (the Markdown renderer, for DocFX [!INCLUDE] lines)

# Shown in place of an include that would make the page too large.
include-too-large = An included part is not shown here: the page would be too large.

## Search (search box, search page, search.js)

search-label = Search
search-placeholder = Error code or words, e.g. 4.4.316
search-submit = Search
search-page-title = Search
search-hint = Type an error code such as 4.4.316, paste a bounce message, or type a few words.
search-noscript = Search needs JavaScript. The home page lists every error code.
search-no-results = Nothing found. Check the code or try other words.
# $count (number): how many results a search found (also 0).
search-results-count =
    { $count ->
        [one] { $count } result
       *[other] { $count } results
    }
search-result-code = Error code
search-result-section = Section
search-loading = Searching…
search-failed = The search index could not be loaded.

## Translation progress and the bilingual view

# Tooltip of a sentence shown in English because it is not translated yet.
segment-untranslated = Not translated yet: the English original is shown
show-english = Show the English original of each sentence
# $translated (number), $total (number): sentences of the article.
translated-progress =
    { $total ->
        [one] { $translated } of { $total } sentence translated
       *[other] { $translated } of { $total } sentences translated
    }

# $count (number): articles that describe the same error code.
code-occurrences =
    { $count ->
        [one] Described in { $count } article
       *[other] Described in { $count } articles
    }

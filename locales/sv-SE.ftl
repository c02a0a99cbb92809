# Gränssnittstexter för kbsite: svenska.
# Nycklarna är desamma som i en.ftl. Tal i $count väljer pluralform:
# [one] 1; [other] allt annat.

## Language

language-name = Svenska

## Site chrome (base.html)

site-title = Hjälpcenter
skip-to-content = Hoppa till huvudinnehållet
nav-home = Start
nav-all-languages = Alla språk
breadcrumb-label = Sökväg
language-switcher-label = Språk
locale-status-stale = inaktuell
locale-status-missing = ej översatt
footer-license = Artiklarna bygger på dokumentation från Microsoft och är licensierade under CC BY 4.0.
footer-generator = Skapad med kbsite.

## Notices shown at the top of a page

notice-mt-title = Maskinöversättning
notice-mt-body = Den här sidan har översatts maskinellt och kan innehålla fel.
notice-read-original = Läs originalet på engelska
notice-stale-title = Översättningen är inaktuell
notice-stale-body = Det engelska originalet har uppdaterats sedan den här sidan översattes.
notice-stale-changed =
    { $count ->
        [one] { $count } mening har ändrats.
       *[other] { $count } meningar har ändrats.
    }
notice-stale-missing =
    { $count ->
        [one] { $count } mening är inte översatt ännu.
       *[other] { $count } meningar är inte översatta ännu.
    }
notice-fallback-title = Inte översatt ännu
notice-fallback-body = Den här sidan har inte översatts till svenska ännu, så det engelska originalet visas.

## Counts

articles-count =
    { $count ->
        [one] { $count } artikel
       *[other] { $count } artiklar
    }
codes-count =
    { $count ->
        [one] { $count } kod
       *[other] { $count } koder
    }

## Home page (home.html)

home-intro = Slå upp en SMTP-felkod för att ta reda på vad den betyder och hur du åtgärdar felet.
articles-heading = Artiklar
codes-heading = Felkoder
col-reply-code = Svarskod
col-enhanced-code = Utökad statuskod
col-error = Fel
col-class = Klass
col-article = Artikel
other-codes-hint = Hittar du inte din kod?

## Article page (article.html)

toc-heading = På den här sidan
article-codes-heading = Felkoder i den här artikeln
translation-mt = Maskinöversättning
translation-ht = Översatt av en människa
translation-date = Översatt { $date }

## Error code page (code.html)

code-eyebrow = SMTP-felkod
code-reply = Svarskod
code-enhanced = Utökad statuskod
code-class = Klass
code-subject = Kategori
code-description = Vad det betyder
code-causes = Orsaker
code-fixes = Så här åtgärdar du felet
code-read-in-article = Läs i artikeln
code-prev = Föregående kod
code-next = Nästa kod
code-pager-label = Fler felkoder
list-prev = Föregående sida
list-next = Nästa sida
list-pager-label = Sidor
pager-status = Sida { $current } av { $total }

## Language chooser (chooser.html, site/index.html)

chooser-title = Välj språk

## Enhanced status codes (RFC 3463): class, the first digit

smtp-class-2 = Lyckad
smtp-class-4 = Tillfälligt fel
smtp-class-5 = Permanent fel
smtp-class-2-help = Meddelandet har tagits emot för leverans.
smtp-class-4-help = Ett tillfälligt problem: den sändande servern behåller meddelandet i kön och försöker igen senare.
smtp-class-5-help = Meddelandet avvisades. Det går inte att skicka det igen förrän problemet har åtgärdats.

## Enhanced status codes (RFC 3463): subject, the second digit

smtp-subject-0 = Annan eller odefinierad status
smtp-subject-1 = Status för adressering
smtp-subject-2 = Status för postlåda
smtp-subject-3 = Status för e-postsystem
smtp-subject-4 = Status för nätverk och routning
smtp-subject-5 = Status för leveransprotokoll
smtp-subject-6 = Status för meddelandeinnehåll eller medietyp
smtp-subject-7 = Status för säkerhet eller princip

## Alert labels (used by the Markdown renderer for > [!NOTE] and the like)

alert-note = Obs!
alert-tip = Tips
alert-important = Viktigt
alert-warning = Varning
alert-caution = Var försiktig

## Video cards (the Markdown renderer, for DocFX [!VIDEO https://…] lines)

video-label = Video

## Includes (the Markdown renderer, for DocFX [!INCLUDE] lines)

# Shown in place of an include that would make the page too large.
include-too-large = En inkluderad del visas inte här: sidan skulle bli för stor.

## Search (search box, search page, search.js)

search-label = Sök
search-placeholder = Felkod eller ord, t.ex. 4.4.316
search-submit = Sök
search-page-title = Sök
search-hint = Skriv en felkod som 4.4.316, klistra in ett studsmeddelande eller skriv några ord.
search-noscript = Sökningen kräver JavaScript. Alla felkoder finns på startsidan.
search-no-results = Inget hittades. Kontrollera koden eller försök med andra ord.
# $count (number): how many results a search found (also 0).
search-results-count =
    { $count ->
        [one] { $count } träff
       *[other] { $count } träffar
    }
search-result-code = Felkod
search-result-section = Avsnitt
search-loading = Söker…
search-failed = Det gick inte att läsa in sökindexet.

## Translation progress and the bilingual view

# Tooltip of a sentence shown in English because it is not translated yet.
segment-untranslated = Inte översatt ännu: det engelska originalet visas
show-english = Visa det engelska originalet för varje mening
# $translated (number), $total (number): sentences of the article.
translated-progress =
    { $total ->
        [one] { $translated } av { $total } mening översatt
       *[other] { $translated } av { $total } meningar översatta
    }

# $count (number): articles that describe the same error code.
code-occurrences =
    { $count ->
        [one] Beskrivs i { $count } artikel
       *[other] Beskrivs i { $count } artiklar
    }

# Строки интерфейса kbsite: русский язык.
# Ключи совпадают с en.ftl. Числа в $count выбирают форму множественного
# числа: [one] 1, 21, 101…; [few] 2–4, 22–24…; [many] 0, 5–20, 25…;
# [other] дробные числа.

## Language

language-name = Русский

## Site chrome (base.html)

site-title = Справочный центр
skip-to-content = Перейти к основному содержимому
nav-home = Главная
nav-all-languages = Все языки
breadcrumb-label = Навигационная цепочка
language-switcher-label = Язык
locale-status-stale = устарел
locale-status-missing = нет перевода
footer-license = Статьи основаны на документации Microsoft и распространяются по лицензии CC BY 4.0.
footer-generator = Сайт создан с помощью kbsite.

## Notices shown at the top of a page

notice-mt-title = Машинный перевод
notice-mt-body = Эта страница переведена автоматически и может содержать ошибки.
notice-read-original = Читать оригинал на английском
notice-stale-title = Перевод устарел
notice-stale-body = Английский оригинал изменился после того, как эта страница была переведена.
notice-stale-changed =
    { $count ->
        [one] Изменилось { $count } предложение.
        [few] Изменились { $count } предложения.
        [many] Изменилось { $count } предложений.
       *[other] Изменилось { $count } предложения.
    }
notice-stale-missing =
    { $count ->
        [one] { $count } предложение ещё не переведено.
        [few] { $count } предложения ещё не переведены.
        [many] { $count } предложений ещё не переведено.
       *[other] { $count } предложения ещё не переведено.
    }
notice-fallback-title = Перевода пока нет
notice-fallback-body = Эта страница ещё не переведена на русский язык, поэтому показан английский оригинал.

## Counts

articles-count =
    { $count ->
        [one] { $count } статья
        [few] { $count } статьи
        [many] { $count } статей
       *[other] { $count } статьи
    }
codes-count =
    { $count ->
        [one] { $count } код
        [few] { $count } кода
        [many] { $count } кодов
       *[other] { $count } кода
    }

## Home page (home.html)

home-intro = Найдите код ошибки SMTP, чтобы узнать, что он означает и как устранить проблему.
articles-heading = Статьи
codes-heading = Коды ошибок
col-reply-code = Код ответа
col-enhanced-code = Расширенный код состояния
col-error = Ошибка
col-class = Класс
col-article = Статья
other-codes-hint = Не нашли свой код?

## Article page (article.html)

toc-heading = На этой странице
article-codes-heading = Коды ошибок в этой статье
translation-mt = Машинный перевод
translation-ht = Перевод выполнен человеком
translation-date = Дата перевода: { $date }

## Error code page (code.html)

code-eyebrow = Код ошибки SMTP
code-reply = Код ответа
code-enhanced = Расширенный код состояния
code-class = Класс
code-subject = Категория
code-description = Что это означает
code-causes = Причины
code-fixes = Как исправить
code-read-in-article = Читать в статье
code-prev = Предыдущий код
code-next = Следующий код
code-pager-label = Другие коды ошибок
list-prev = Предыдущая страница
list-next = Следующая страница
list-pager-label = Страницы
pager-status = Страница { $current } из { $total }

## Language chooser (chooser.html, site/index.html)

chooser-title = Выберите язык

## Enhanced status codes (RFC 3463): class, the first digit

smtp-class-2 = Успешно
smtp-class-4 = Временный сбой
smtp-class-5 = Постоянный сбой
smtp-class-2-help = Сообщение принято к доставке.
smtp-class-4-help = Временная проблема: отправляющий сервер держит сообщение в очереди и повторяет попытки доставки.
smtp-class-5-help = Сообщение отклонено. Повторная отправка не поможет, пока проблема не устранена.

## Enhanced status codes (RFC 3463): subject, the second digit

smtp-subject-0 = Прочее или неопределённое состояние
smtp-subject-1 = Состояние адресации
smtp-subject-2 = Состояние почтового ящика
smtp-subject-3 = Состояние почтовой системы
smtp-subject-4 = Состояние сети и маршрутизации
smtp-subject-5 = Состояние протокола доставки почты
smtp-subject-6 = Состояние содержимого или формата сообщения
smtp-subject-7 = Состояние безопасности или политики

## Alert labels (used by the Markdown renderer for > [!NOTE] and the like)

alert-note = Примечание
alert-tip = Совет
alert-important = Важно
alert-warning = Предупреждение
alert-caution = Внимание

## Video cards (the Markdown renderer, for DocFX [!VIDEO https://…] lines)

video-label = Видео

## Includes (the Markdown renderer, for DocFX [!INCLUDE] lines)

# Shown in place of an include that would make the page too large.
include-too-large = Включаемый фрагмент здесь не показан: страница стала бы слишком большой.

## Search (search box, search page, search.js)

search-label = Поиск
search-placeholder = Код ошибки или слова, например 4.4.316
search-submit = Найти
search-page-title = Поиск
search-hint = Введите код ошибки, например 4.4.316, вставьте текст отчёта о недоставке или несколько слов.
search-noscript = Для поиска нужен JavaScript. Все коды ошибок перечислены на главной странице.
search-no-results = Ничего не найдено. Проверьте код или попробуйте другие слова.
# $count (number): how many results a search found (also 0).
search-results-count =
    { $count ->
        [one] { $count } результат
        [few] { $count } результата
        [many] { $count } результатов
       *[other] { $count } результата
    }
search-result-code = Код ошибки
search-result-section = Раздел
search-loading = Идёт поиск…
search-failed = Не удалось загрузить поисковый индекс.

## Translation progress and the bilingual view

# Tooltip of a sentence shown in English because it is not translated yet.
segment-untranslated = Ещё не переведено: показан английский оригинал
show-english = Показать английский оригинал каждого предложения
# $translated (number), $total (number): sentences of the article.
translated-progress =
    { $total ->
        [one] Переведено { $translated } из { $total } предложения
        [few] Переведено { $translated } из { $total } предложений
        [many] Переведено { $translated } из { $total } предложений
       *[other] Переведено { $translated } из { $total } предложения
    }

# $count (number): articles that describe the same error code.
code-occurrences =
    { $count ->
        [one] Описан в { $count } статье
        [few] Описан в { $count } статьях
        [many] Описан в { $count } статьях
       *[other] Описан в { $count } статьи
    }

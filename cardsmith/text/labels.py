"""The words cardsmith writes into an output itself, in the deck's language.

Deck text is the author's; everything around it (buttons, headings, "Show
answer", Anki subdeck and Moodle category names) comes from here, chosen by the
deck's `language` tag. Exporters hold no words of their own: they ask
`labels(deck.language)` and look the key up.

A table is picked by the tag's primary subtag, whatever its case (`de-CH` and
`DE` read German, `PT-br` Portuguese); an unknown language, or none, reads
English. Texts are plain (not HTML: the exporter escapes them for its format)
and may hold `{name}` fields that the exporter fills in with `str.format`. A
text may leave out a field it does not need: a translation can phrase a count
so that no noun has to agree with it.

Counted words come in two keys, `<key>_one` and `<key>_other`, read through
`Labels.count`; French and Portuguese use the singular for zero as well.
"""

# The tables are typeset text: the typographic apostrophe and the multiplication sign are
# meant as written.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

ENGLISH: dict[str, str] = {
    # Headings, sections and facts of an exercise (every format).
    "practice_questions": "Practice questions",
    "questions": "Questions",
    "flashcards": "Flashcards",
    "contents": "Contents",
    "duration": "Duration",
    "time": "Time",
    "about": "about {duration}",
    "minutes_one": "{n} minute",
    "minutes_other": "{n} minutes",
    "materials": "Materials",
    "side_effects": "Side effects",
    "note": "Note",
    "colon": ":",  # after a label such as "Materials"
    # Answers.
    "show_answer": "Show answer",
    "hide_answer": "Hide answer",
    "show_all_answers": "Show all answers",
    "hide_all_answers": "Hide all answers",
    "print_with_answers": "Print with answers",
    "answer": "Answer",
    "choose_all": "Choose every correct option.",
    "select_all": "Select all that apply.",
    "true_or_false": "True or false?",
    "true": "True",
    "false": "False",
    "also_accepted": "Also accepted: {answers}",
    "matches": "matches",
    "tolerance": "{answer} (± {tolerance}: anything from {low} to {high})",
    "accepted_range": "Accepted: any value from {low} to {high} ({answer} ± {tolerance}).",
    # Flashcards on screen.
    "cards_one": "{n} card",
    "cards_other": "{n} cards",
    "flip_hint": "Click a card, or press Enter or Space on it, to turn it over.",
    "flip_help": "Press Enter or Space to turn the card over.",
    "print_flashcards": "Print flashcards",
    "turn_all_over": "Turn all over",
    "shuffle": "Shuffle",
    "card_front": "Card {n} of {total}, front",
    "back": "Back",
    # Flashcards on paper.
    "flashcard_print": "Flashcard print",
    "print_banner_single": "Printing now prints {cards} on {pages} {paper} pages, "
                           "each front followed by its back.",
    "print_banner_duplex": "Printing now prints {cards} on {pages} {paper} pages: "
                           "print on both sides and choose {flip}.",
    "flip_long_edge": "flip on long edge",
    "print": "Print",
    "back_to_page": "Back to the page",
    "cards_for_print": "Flashcards laid out for printing",
    "sheet_fronts": "Sheet {n}, fronts",
    "sheet_backs": "Sheet {n}, backs",
    "too_long": "Too long for this card: shorten it",
    "paper_a4": "A4",
    "paper_letter": "Letter",
    "paper_index": "5 x 3 in index card",
    # The page's footer.
    "made_with": "Made with cardsmith from {source}, {date}.",
}
"""The English texts; every other language has exactly these keys."""

GERMAN: dict[str, str] = {
    "practice_questions": "Übungsfragen",
    "questions": "Fragen",
    "flashcards": "Lernkarten",
    "contents": "Inhalt",
    "duration": "Dauer",
    "time": "Bearbeitungszeit",
    "about": "etwa {duration}",
    "minutes_one": "{n} Minute",
    "minutes_other": "{n} Minuten",
    "materials": "Material",
    "side_effects": "Nebenwirkungen",
    "note": "Hinweis",
    "colon": ":",
    "show_answer": "Antwort anzeigen",
    "hide_answer": "Antwort ausblenden",
    "show_all_answers": "Alle Antworten anzeigen",
    "hide_all_answers": "Alle Antworten ausblenden",
    "print_with_answers": "Mit Antworten drucken",
    "answer": "Antwort",
    "choose_all": "Alle richtigen Antworten auswählen.",
    "select_all": "Mehrere Antworten möglich.",
    "true_or_false": "Wahr oder falsch?",
    "true": "Wahr",
    "false": "Falsch",
    "also_accepted": "Ebenfalls richtig: {answers}",
    "matches": "passt zu",
    "tolerance": "{answer} (± {tolerance}: jeder Wert von {low} bis {high})",
    "accepted_range": "Richtig: jeder Wert von {low} bis {high} ({answer} ± {tolerance}).",
    "cards_one": "{n} Karte",
    "cards_other": "{n} Karten",
    "flip_hint": "Zum Umdrehen eine Karte anklicken oder auf ihr die Eingabe- oder "
                 "Leertaste drücken.",
    "flip_help": "Zum Umdrehen der Karte die Eingabe- oder Leertaste drücken.",
    "print_flashcards": "Lernkarten drucken",
    "turn_all_over": "Alle umdrehen",
    "shuffle": "Mischen",
    "card_front": "Karte {n} von {total}, Vorderseite",
    "back": "Rückseite",
    "flashcard_print": "Lernkarten-Druck",
    "print_banner_single": "Der Druck umfasst jetzt {cards} auf {pages} Seiten im Format "
                           "{paper}, jede Vorderseite gefolgt von ihrer Rückseite.",
    "print_banner_duplex": "Der Druck umfasst jetzt {cards} auf {pages} Seiten im Format "
                           "{paper}: beidseitig drucken und {flip} wählen.",
    "flip_long_edge": "an langer Kante spiegeln",
    "print": "Drucken",
    "back_to_page": "Zurück zur Seite",
    "cards_for_print": "Lernkarten als Druckvorlage",
    "sheet_fronts": "Blatt {n}, Vorderseiten",
    "sheet_backs": "Blatt {n}, Rückseiten",
    "too_long": "Zu lang für diese Karte: bitte kürzen",
    "paper_a4": "A4",
    "paper_letter": "Letter",
    "paper_index": "Karteikarte 5 × 3 Zoll",
    "made_with": "Erstellt mit cardsmith aus {source}, {date}.",
}

# French sets a no-break space before a colon or a question mark.
FRENCH: dict[str, str] = {
    "practice_questions": "Questions d’entraînement",
    "questions": "Questions",
    "flashcards": "Fiches",
    "contents": "Sommaire",
    "duration": "Durée",
    "time": "Durée",
    "about": "environ {duration}",
    "minutes_one": "{n} minute",
    "minutes_other": "{n} minutes",
    "materials": "Matériel",
    "side_effects": "Effets secondaires",
    "note": "Remarque",
    "colon": "\u00a0:",
    "show_answer": "Afficher la réponse",
    "hide_answer": "Masquer la réponse",
    "show_all_answers": "Afficher toutes les réponses",
    "hide_all_answers": "Masquer toutes les réponses",
    "print_with_answers": "Imprimer avec les réponses",
    "answer": "Réponse",
    "choose_all": "Cochez toutes les bonnes réponses.",
    "select_all": "Plusieurs réponses possibles.",
    "true_or_false": "Vrai ou faux\u00a0?",
    "true": "Vrai",
    "false": "Faux",
    "also_accepted": "Autres réponses acceptées\u00a0: {answers}",
    "matches": "correspond à",
    "tolerance": "{answer} (± {tolerance}\u00a0: toute valeur de {low} à {high})",
    "accepted_range": "Accepté\u00a0: toute valeur de {low} à {high} ({answer} ± {tolerance}).",
    "cards_one": "{n} fiche",
    "cards_other": "{n} fiches",
    "flip_hint": "Cliquez sur une fiche, ou appuyez sur Entrée ou Espace, pour la retourner.",
    "flip_help": "Appuyez sur Entrée ou Espace pour retourner la fiche.",
    "print_flashcards": "Imprimer les fiches",
    "turn_all_over": "Tout retourner",
    "shuffle": "Mélanger",
    "card_front": "Fiche {n} sur {total}, recto",
    "back": "Verso",
    "flashcard_print": "Impression des fiches",
    "print_banner_single": "L’impression comprend maintenant {cards} sur {pages} pages au "
                           "format {paper}, chaque recto suivi de son verso.",
    "print_banner_duplex": "L’impression comprend maintenant {cards} sur {pages} pages au "
                           "format {paper}\u00a0: imprimez en recto verso et choisissez {flip}.",
    "flip_long_edge": "retourner sur les bords longs",
    "print": "Imprimer",
    "back_to_page": "Retour à la page",
    "cards_for_print": "Fiches mises en page pour l’impression",
    "sheet_fronts": "Feuille {n}, rectos",
    "sheet_backs": "Feuille {n}, versos",
    "too_long": "Trop long pour cette fiche\u00a0: raccourcissez le texte",
    "paper_a4": "A4",
    "paper_letter": "Lettre US",
    "paper_index": "fiche bristol 5 × 3 pouces",
    "made_with": "Créé avec cardsmith à partir de {source}, {date}.",
}

SPANISH: dict[str, str] = {
    "practice_questions": "Preguntas de práctica",
    "questions": "Preguntas",
    "flashcards": "Tarjetas de estudio",
    "contents": "Contenido",
    "duration": "Duración",
    "time": "Tiempo",
    "about": "aproximadamente {duration}",
    "minutes_one": "{n} minuto",
    "minutes_other": "{n} minutos",
    "materials": "Materiales",
    "side_effects": "Efectos secundarios",
    "note": "Nota",
    "colon": ":",
    "show_answer": "Mostrar respuesta",
    "hide_answer": "Ocultar respuesta",
    "show_all_answers": "Mostrar todas las respuestas",
    "hide_all_answers": "Ocultar todas las respuestas",
    "print_with_answers": "Imprimir con respuestas",
    "answer": "Respuesta",
    "choose_all": "Elija todas las opciones correctas.",
    "select_all": "Seleccione todas las que correspondan.",
    "true_or_false": "¿Verdadero o falso?",
    "true": "Verdadero",
    "false": "Falso",
    "also_accepted": "Otras respuestas aceptadas: {answers}",
    "matches": "corresponde a",
    "tolerance": "{answer} (± {tolerance}: cualquier valor de {low} a {high})",
    "accepted_range": "Se acepta: cualquier valor de {low} a {high} ({answer} ± {tolerance}).",
    "cards_one": "{n} tarjeta",
    "cards_other": "{n} tarjetas",
    "flip_hint": "Haga clic en una tarjeta, o pulse Intro o Espacio sobre ella, para darle "
                 "la vuelta.",
    "flip_help": "Pulse Intro o Espacio para dar la vuelta a la tarjeta.",
    "print_flashcards": "Imprimir tarjetas",
    "turn_all_over": "Dar la vuelta a todas",
    "shuffle": "Barajar",
    "card_front": "Tarjeta {n} de {total}, anverso",
    "back": "Reverso",
    "flashcard_print": "Impresión de tarjetas",
    "print_banner_single": "La impresión incluye ahora {cards} en {pages} páginas de tamaño "
                           "{paper}, cada anverso seguido de su reverso.",
    "print_banner_duplex": "La impresión incluye ahora {cards} en {pages} páginas de tamaño "
                           "{paper}: imprima a doble cara y elija {flip}.",
    "flip_long_edge": "voltear por el borde largo",
    "print": "Imprimir",
    "back_to_page": "Volver a la página",
    "cards_for_print": "Tarjetas preparadas para imprimir",
    "sheet_fronts": "Hoja {n}, anversos",
    "sheet_backs": "Hoja {n}, reversos",
    "too_long": "Demasiado largo para esta tarjeta: acórtelo",
    "paper_a4": "A4",
    "paper_letter": "Carta",
    "paper_index": "ficha de 5 × 3 pulgadas",
    "made_with": "Creado con cardsmith a partir de {source}, {date}.",
}

ITALIAN: dict[str, str] = {
    "practice_questions": "Domande di esercitazione",
    "questions": "Domande",
    "flashcards": "Flashcard",
    "contents": "Indice",
    "duration": "Durata",
    "time": "Tempo",
    "about": "circa {duration}",
    "minutes_one": "{n} minuto",
    "minutes_other": "{n} minuti",
    "materials": "Materiali",
    "side_effects": "Effetti collaterali",
    "note": "Nota",
    "colon": ":",
    "show_answer": "Mostra la risposta",
    "hide_answer": "Nascondi la risposta",
    "show_all_answers": "Mostra tutte le risposte",
    "hide_all_answers": "Nascondi tutte le risposte",
    "print_with_answers": "Stampa con le risposte",
    "answer": "Risposta",
    "choose_all": "Scegli tutte le opzioni corrette.",
    "select_all": "Seleziona tutte le risposte corrette.",
    "true_or_false": "Vero o falso?",
    "true": "Vero",
    "false": "Falso",
    "also_accepted": "Accettate anche: {answers}",
    "matches": "corrisponde a",
    "tolerance": "{answer} (± {tolerance}: qualsiasi valore da {low} a {high})",
    "accepted_range": "Accettato: qualsiasi valore da {low} a {high} ({answer} ± {tolerance}).",
    "cards_one": "{n} flashcard",
    "cards_other": "{n} flashcard",
    "flip_hint": "Fai clic su una flashcard, o premi Invio o Spazio, per girarla.",
    "flip_help": "Premi Invio o Spazio per girare la flashcard.",
    "print_flashcards": "Stampa le flashcard",
    "turn_all_over": "Gira tutte",
    "shuffle": "Mescola",
    "card_front": "Flashcard {n} di {total}, fronte",
    "back": "Retro",
    "flashcard_print": "Stampa delle flashcard",
    "print_banner_single": "La stampa comprende ora {cards} su {pages} pagine in formato "
                           "{paper}, ogni fronte seguito dal suo retro.",
    "print_banner_duplex": "La stampa comprende ora {cards} su {pages} pagine in formato "
                           "{paper}: stampa fronte-retro e scegli {flip}.",
    "flip_long_edge": "capovolgi sul lato lungo",
    "print": "Stampa",
    "back_to_page": "Torna alla pagina",
    "cards_for_print": "Flashcard impaginate per la stampa",
    "sheet_fronts": "Foglio {n}, fronti",
    "sheet_backs": "Foglio {n}, retri",
    "too_long": "Troppo lungo per questa flashcard: accorcialo",
    "paper_a4": "A4",
    "paper_letter": "Lettera",
    "paper_index": "cartoncino 5 × 3 pollici",
    "made_with": "Creato con cardsmith da {source}, {date}.",
}

PORTUGUESE: dict[str, str] = {
    "practice_questions": "Perguntas de prática",
    "questions": "Perguntas",
    "flashcards": "Cartões de estudo",
    "contents": "Índice",
    "duration": "Duração",
    "time": "Tempo",
    "about": "cerca de {duration}",
    "minutes_one": "{n} minuto",
    "minutes_other": "{n} minutos",
    "materials": "Materiais",
    "side_effects": "Efeitos colaterais",
    "note": "Nota",
    "colon": ":",
    "show_answer": "Mostrar resposta",
    "hide_answer": "Ocultar resposta",
    "show_all_answers": "Mostrar todas as respostas",
    "hide_all_answers": "Ocultar todas as respostas",
    "print_with_answers": "Imprimir com respostas",
    "answer": "Resposta",
    "choose_all": "Escolha todas as opções corretas.",
    "select_all": "Selecione todas as que se aplicam.",
    "true_or_false": "Verdadeiro ou falso?",
    "true": "Verdadeiro",
    "false": "Falso",
    "also_accepted": "Outras respostas aceitas: {answers}",
    "matches": "corresponde a",
    "tolerance": "{answer} (± {tolerance}: qualquer valor de {low} a {high})",
    "accepted_range": "Aceito: qualquer valor de {low} a {high} ({answer} ± {tolerance}).",
    "cards_one": "{n} cartão",
    "cards_other": "{n} cartões",
    "flip_hint": "Clique em um cartão, ou pressione Enter ou Espaço sobre ele, para virá-lo.",
    "flip_help": "Pressione Enter ou Espaço para virar o cartão.",
    "print_flashcards": "Imprimir cartões",
    "turn_all_over": "Virar todos",
    "shuffle": "Embaralhar",
    "card_front": "Cartão {n} de {total}, frente",
    "back": "Verso",
    "flashcard_print": "Impressão dos cartões",
    "print_banner_single": "A impressão inclui agora {cards} em {pages} páginas no formato "
                           "{paper}, cada frente seguida do seu verso.",
    "print_banner_duplex": "A impressão inclui agora {cards} em {pages} páginas no formato "
                           "{paper}: imprima frente e verso e escolha {flip}.",
    "flip_long_edge": "virar na borda longa",
    "print": "Imprimir",
    "back_to_page": "Voltar à página",
    "cards_for_print": "Cartões dispostos para impressão",
    "sheet_fronts": "Folha {n}, frentes",
    "sheet_backs": "Folha {n}, versos",
    "too_long": "Longo demais para este cartão: encurte o texto",
    "paper_a4": "A4",
    "paper_letter": "Carta",
    "paper_index": "ficha de 5 × 3 polegadas",
    "made_with": "Criado com cardsmith a partir de {source}, {date}.",
}

DUTCH: dict[str, str] = {
    "practice_questions": "Oefenvragen",
    "questions": "Vragen",
    "flashcards": "Flitskaarten",
    "contents": "Inhoud",
    "duration": "Duur",
    "time": "Tijd",
    "about": "ongeveer {duration}",
    "minutes_one": "{n} minuut",
    "minutes_other": "{n} minuten",
    "materials": "Benodigdheden",
    "side_effects": "Bijwerkingen",
    "note": "Opmerking",
    "colon": ":",
    "show_answer": "Antwoord tonen",
    "hide_answer": "Antwoord verbergen",
    "show_all_answers": "Alle antwoorden tonen",
    "hide_all_answers": "Alle antwoorden verbergen",
    "print_with_answers": "Afdrukken met antwoorden",
    "answer": "Antwoord",
    "choose_all": "Kies alle juiste opties.",
    "select_all": "Selecteer alle juiste antwoorden.",
    "true_or_false": "Waar of niet waar?",
    "true": "Waar",
    "false": "Niet waar",
    "also_accepted": "Ook goed: {answers}",
    "matches": "hoort bij",
    "tolerance": "{answer} (± {tolerance}: elke waarde van {low} tot {high})",
    "accepted_range": "Goed: elke waarde van {low} tot {high} ({answer} ± {tolerance}).",
    "cards_one": "{n} kaart",
    "cards_other": "{n} kaarten",
    "flip_hint": "Klik op een kaart, of druk op Enter of spatie, om hem om te draaien.",
    "flip_help": "Druk op Enter of spatie om de kaart om te draaien.",
    "print_flashcards": "Flitskaarten afdrukken",
    "turn_all_over": "Alles omdraaien",
    "shuffle": "Schudden",
    "card_front": "Kaart {n} van {total}, voorkant",
    "back": "Achterkant",
    "flashcard_print": "Flitskaarten afdrukken",
    "print_banner_single": "De afdruk bevat nu {cards} op {pages} pagina’s ({paper}), elke "
                           "voorkant gevolgd door de achterkant.",
    "print_banner_duplex": "De afdruk bevat nu {cards} op {pages} pagina’s ({paper}): druk "
                           "dubbelzijdig af en kies {flip}.",
    "flip_long_edge": "omslaan via lange zijde",
    "print": "Afdrukken",
    "back_to_page": "Terug naar de pagina",
    "cards_for_print": "Flitskaarten opgemaakt om af te drukken",
    "sheet_fronts": "Vel {n}, voorkanten",
    "sheet_backs": "Vel {n}, achterkanten",
    "too_long": "Te lang voor deze kaart: maak de tekst korter",
    "paper_a4": "A4",
    "paper_letter": "Letter",
    "paper_index": "systeemkaart 5 × 3 inch",
    "made_with": "Gemaakt met cardsmith op basis van {source}, {date}.",
}

TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "en": ENGLISH, "de": GERMAN, "fr": FRENCH, "es": SPANISH, "it": ITALIAN,
    "pt": PORTUGUESE, "nl": DUTCH,
})
"""Each language's texts by primary subtag (lower case)."""

_ZERO_IS_SINGULAR = frozenset({"fr", "pt"})
"""Languages that say "0 minute" (CLDR plural rules), where English says "0 minutes"."""


class Labels(Mapping[str, str]):
    """The texts of one language, read only: `labels["show_answer"]`, `labels.count(...)`.

    A template may write `labels.show_answer`: Jinja falls back to the key.
    """

    __slots__ = ("_texts", "language")
    language: str
    _texts: Mapping[str, str]

    def __init__(self, language: str, texts: Mapping[str, str]) -> None:
        """The texts `texts` of the language `language` (a primary subtag such as `de`)."""
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "_texts", MappingProxyType(dict(texts)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Labels are read only (tried to set {name!r})")

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Labels({self.language!r})"

    def count(self, key: str, n: int) -> str:
        """`<key>_one` or `<key>_other`, whichever `n` takes, with `{n}` filled in.

        `count("minutes", 1)` is "1 minute" and `count("minutes", 5)` "5 minutes".
        """
        singular = n == 1 or (n == 0 and self.language in _ZERO_IS_SINGULAR)
        return self[f"{key}_{'one' if singular else 'other'}"].format(n=n)


_BY_LANGUAGE = {code: Labels(code, texts) for code, texts in TABLES.items()}


def labels(language: str | None) -> Labels:
    """The labels for a BCP 47 tag such as `de-CH` (by its primary subtag); English if unknown."""
    primary = (language or "").split("-", 1)[0].strip().lower()
    return _BY_LANGUAGE.get(primary, _BY_LANGUAGE["en"])

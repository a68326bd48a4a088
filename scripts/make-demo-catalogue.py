#!/usr/bin/env python3
"""Writes AetherLearn.Data/Seed/demo-catalogue.json: the demo Mathematics and English courses in the
content import format (docs/content-import.md). Deterministic: the same file every run."""
import json, random, os
from fractions import Fraction

rng = random.Random(2026)

def q(qid, qtype, prompt, **kw):
    d = {"id": qid, "type": qtype, "prompt": prompt, "points": kw.pop("points", 1)}
    d.update({k: v for k, v in kw.items() if v is not None})
    return d

def choice(qid, prompt, right, wrongs, explanation=None):
    options = [right] + wrongs
    rng.shuffle(options)
    return q(qid, "SINGLE_CHOICE", prompt, options=[str(o) for o in options], correct=[options.index(right)], explanation=explanation)

def multi(qid, prompt, options, rights):
    return q(qid, "MULTIPLE_CHOICE", prompt, options=[str(o) for o in options], correct=[i for i, o in enumerate(options) if o in rights])

def numeric(qid, prompt, answer, tolerance=None, explanation=None):
    return q(qid, "NUMERIC", prompt, answer=answer, tolerance=tolerance, explanation=explanation)

def text(qid, prompt, accepted, explanation=None):
    return q(qid, "SHORT_TEXT", prompt, accepted=accepted, explanation=explanation)

def order(qid, prompt, items):
    return q(qid, "ORDERING", prompt, options=[str(i) for i in items])

def near(n, spread=10):
    out = set()
    while len(out) < 3:
        w = n + rng.choice([-1, 1]) * rng.randint(1, spread)
        if w != n and w >= 0:
            out.add(w)
    return list(out)

# ---------- Mathematics ----------
def ex_place_value(level, k):
    qs = []
    for i in range(5):
        n = rng.randint(10 ** (level), 10 ** (level + 1) - 1)
        digits = str(n)
        pos = rng.randint(0, len(digits) - 1)
        place = ["ones", "tens", "hundreds", "thousands", "ten thousands"][len(digits) - 1 - pos]
        if i % 3 == 0:
            qs.append(numeric(f"q{i+1}", f"What is the value of the digit {digits[pos]} in {n:,}?", int(digits[pos]) * 10 ** (len(digits) - 1 - pos)))
        elif i % 3 == 1:
            qs.append(choice(f"q{i+1}", f"In {n:,}, which place is the digit {digits[pos]} in?", place,
                             [p for p in ["ones", "tens", "hundreds", "thousands"] if p != place][:3]))
        else:
            nums = rng.sample(range(10 ** level, 10 ** (level + 1)), 4)
            qs.append(order(f"q{i+1}", "Put these numbers in order, smallest first.", sorted(nums)))
    return qs

def ex_add_sub(level, k):
    qs = []
    top = [20, 100, 1000, 10000][level - 1]
    for i in range(5):
        a, b = rng.randint(top // 10, top), rng.randint(1, top // 2)
        if i % 2 == 0:
            qs.append(numeric(f"q{i+1}", f"{a} + {b} = ?", a + b))
        else:
            a, b = max(a, b), min(a, b)
            qs.append(numeric(f"q{i+1}", f"{a} − {b} = ?", a - b))
    a, b = rng.randint(10, top), rng.randint(5, top // 2)
    qs[4] = choice("q5", f"Mia had {a + b} stickers and gave away {b}. How many does she have left?", a, near(a, 7))
    return qs

def ex_times(level, k):
    qs = []
    table = [2, 5, 10, 3, 4, 8, 6, 7, 9, 11, 12][(level * 3 + k) % 11]
    for i in range(4):
        m = rng.randint(2, 12)
        if i % 2 == 0:
            qs.append(numeric(f"q{i+1}", f"{m} × {table} = ?", m * table))
        else:
            qs.append(numeric(f"q{i+1}", f"{m * table} ÷ {table} = ?", m))
    opts = sorted(rng.sample(range(2, 13 * table), 5) + [table * rng.randint(2, 9)])
    opts = list(dict.fromkeys(opts))
    qs.append(multi("q5", f"Which of these numbers are multiples of {table}?", opts, [o for o in opts if o % table == 0]))
    return qs

def ex_fractions(level, k):
    qs = []
    for i in range(5):
        d = rng.choice([2, 3, 4, 5, 6, 8, 10])
        n = rng.randint(1, d - 1)
        f = Fraction(n, d)
        if i == 0:
            total = d * rng.randint(2, 6)
            qs.append(numeric("q1", f"What is {n}/{d} of {total}?", total * n // d))
        elif i == 1:
            m = rng.randint(2, 4)
            right = f"{n*m}/{d*m}"
            wrongs = [w for w in {f"{n+1}/{d*m}", f"{n*m}/{d}", f"{n}/{d*m}", f"{n*m+1}/{d*m}", f"{n+m}/{d+m}"}
                      if Fraction(int(w.split('/')[0]), int(w.split('/')[1])) != f]
            qs.append(choice("q2", f"Which fraction is equivalent to {n}/{d}?", right, sorted(wrongs)[:3]))
        elif i == 2:
            items = sorted({Fraction(rng.randint(1, 7), 8), Fraction(rng.randint(1, 3), 4), Fraction(1, 2), Fraction(rng.randint(1, 9), 10)})
            qs.append(order("q3", "Put these fractions in order, smallest first.", [f"{x.numerator}/{x.denominator}" for x in items]))
        elif i == 3:
            na, nb = rng.randint(1, 3), rng.randint(1, 4)
            total = Fraction(na + nb, 8)
            qs.append(text("q4", f"Add {na}/8 + {nb}/8. Write your answer as a fraction in its simplest form (for example 3/4).",
                           [f"{total.numerator}/{total.denominator}"], explanation=f"{na}/8 + {nb}/8 = {na + nb}/8, which simplifies to {total.numerator}/{total.denominator}."))
        else:
            words = {Fraction(1, 2): "one half", Fraction(1, 4): "one quarter", Fraction(3, 4): "three quarters", Fraction(1, 3): "one third", Fraction(2, 3): "two thirds"}
            frac, word = rng.choice(list(words.items()))
            qs.append(text("q5", f"Write {frac.numerator}/{frac.denominator} in words.", [word, word.replace("one ", "a ")]))
    return qs

def ex_decimals(level, k):
    qs = []
    for i in range(5):
        a = round(rng.uniform(0.1, 9.9), 1)
        b = round(rng.uniform(0.1, 9.9), 1)
        if i == 0:
            qs.append(numeric("q1", f"{a} + {b} = ?", round(a + b, 1)))
        elif i == 1:
            qs.append(numeric("q2", f"Round {a + 0.04:.2f} to one decimal place.", round(a + 0.04, 1), explanation="Look at the hundredths digit: 5 or more rounds up."))
        elif i == 2:
            tenths = rng.randint(1, 9)
            qs.append(numeric("q3", f"Write {tenths}/10 as a decimal.", tenths / 10))
        elif i == 3:
            nums = sorted({round(rng.uniform(0, 2), 2) for _ in range(4)})
            qs.append(order("q4", "Put these decimals in order, smallest first.", nums))
        else:
            x = rng.randint(2, 9)
            qs.append(numeric("q5", f"A pencil costs £0.{x}5. How much do 2 pencils cost, in pounds?", round(2 * (x / 10 + 0.05), 2), tolerance=0.001))
    return qs

def ex_measure(level, k):
    m = rng.randint(2, 9)
    cm = rng.randint(120, 480)
    return [
        numeric("q1", f"How many centimetres are in {m} metres?", m * 100),
        numeric("q2", f"{cm} cm is how many metres? (Write a decimal.)", cm / 100),
        numeric("q3", f"A rectangle is {m} cm long and {m+3} cm wide. What is its perimeter in cm?", 2 * (m + m + 3)),
        numeric("q4", f"A rectangle is {m} cm long and {m+3} cm wide. What is its area in square centimetres?", m * (m + 3)),
        choice("q5", "Which unit would you use to measure the mass of an apple?", "grams", ["litres", "kilometres", "millilitres"]),
    ]

def ex_percent(level, k):
    qs = []
    for i in range(5):
        p = rng.choice([10, 20, 25, 50, 75, 5, 15])
        n = rng.choice([20, 40, 60, 80, 100, 200, 120, 300])
        if i < 3:
            qs.append(numeric(f"q{i+1}", f"What is {p}% of {n}?", n * p / 100))
        elif i == 3:
            qs.append(choice("q4", f"Which is the same as {p}%?", f"{p/100:g}", [f"{p/10:g}", f"{p:g}", f"{p/1000:g}"]))
        else:
            price = rng.choice([40, 60, 80, 120])
            qs.append(numeric("q5", f"A coat costs £{price}. In a sale it is {p}% off. What is the sale price in pounds?", price - price * p / 100))
    return qs

def ex_algebra(level, k):
    qs = []
    for i in range(5):
        x = rng.randint(2, 12)
        a = rng.randint(2, 9)
        b = rng.randint(1, 20)
        if i == 0:
            qs.append(numeric("q1", f"Solve: x + {b} = {x + b}. What is x?", x))
        elif i == 1:
            qs.append(numeric("q2", f"Solve: {a}x = {a * x}. What is x?", x))
        elif i == 2:
            qs.append(numeric("q3", f"If y = {a}, what is {b} + 2y?", b + 2 * a))
        elif i == 3:
            qs.append(numeric("q4", f"The sequence goes {a}, {a+b}, {a+2*b}, {a+3*b}, … What is the next term?", a + 4 * b))
        else:
            qs.append(choice("q5", f"Which expression means 'three more than n'?", "n + 3", ["3n", "n − 3", "3 − n"]))
    return qs

MATHS = [
    (1, "Level 1 — Numbers to 100", [
        ("Place value", [("Tens and ones", ex_place_value), ("Comparing numbers", ex_place_value)]),
        ("Adding and subtracting", [("Adding within 20", ex_add_sub), ("Taking away", ex_add_sub)])]),
    (2, "Level 2 — Tables and fractions", [
        ("Times tables", [("2, 5 and 10 times tables", ex_times), ("3 and 4 times tables", ex_times)]),
        ("Fractions", [("Halves and quarters", ex_fractions), ("Fractions of amounts", ex_fractions)])]),
    (3, "Level 3 — Decimals and measures", [
        ("Decimals", [("Tenths and hundredths", ex_decimals), ("Rounding decimals", ex_decimals)]),
        ("Measurement", [("Length and perimeter", ex_measure), ("Area", ex_measure)])]),
    (4, "Level 4 — Percentages and algebra", [
        ("Percentages", [("Percentages of amounts", ex_percent), ("Discounts", ex_percent)]),
        ("Algebra", [("Solving equations", ex_algebra), ("Sequences", ex_algebra)])]),
]

# ---------- English ----------
SPELLING = [
    ("because", ["becuase", "becouse", "beacause"]), ("friend", ["freind", "frend", "friand"]),
    ("separate", ["seperate", "seprate", "separete"]), ("necessary", ["neccessary", "necesary", "neccesary"]),
    ("definitely", ["definately", "definitly", "defanitely"]), ("beautiful", ["beatiful", "beautifull", "beutiful"]),
    ("library", ["libary", "libery", "liberry"]), ("February", ["Febuary", "Febrary", "Feburary"]),
    ("different", ["diffrent", "differant", "diferent"]), ("believe", ["beleive", "belive", "beleave"]),
    ("receive", ["recieve", "receeve", "resieve"]), ("island", ["iland", "islend", "ieland"]),
    ("knowledge", ["knowlege", "nowledge", "knowledg"]), ("rhythm", ["rythm", "rhythem", "rhytm"]),
    ("accommodate", ["accomodate", "acommodate", "acomodate"]), ("embarrass", ["embarass", "embaress", "embarras"]),
    ("environment", ["enviroment", "enviornment", "environmant"]), ("government", ["goverment", "govenment", "governmant"]),
    ("surprise", ["suprise", "surprize", "serprise"]), ("calendar", ["calender", "calandar", "callendar"]),
]
TENSES = [
    ("Yesterday I ___ to the park.", "went", ["go", "goes", "going"]),
    ("She ___ her homework every evening.", "does", ["do", "doing", "done"]),
    ("They ___ football when it started to rain.", "were playing", ["was playing", "plays", "are play"]),
    ("We have ___ our lunch already.", "eaten", ["ate", "eat", "eating"]),
    ("Tomorrow he ___ visit his grandmother.", "will", ["did", "has", "was"]),
    ("The cat ___ asleep on the sofa now.", "is", ["are", "were", "be"]),
    ("Last summer we ___ a sandcastle.", "built", ["build", "builded", "building"]),
    ("I ___ never seen snow before.", "have", ["has", "had been", "am"]),
]
PLURALS = [("child", "children"), ("mouse", "mice"), ("box", "boxes"), ("baby", "babies"), ("leaf", "leaves"),
           ("tooth", "teeth"), ("sheep", "sheep"), ("knife", "knives"), ("woman", "women"), ("city", "cities")]
SYNONYMS = [("happy", ["cheerful", "joyful"], ["angry", "tired"]), ("big", ["huge", "large"], ["tiny", "thin"]),
            ("quick", ["fast", "rapid"], ["slow", "heavy"]), ("brave", ["bold", "fearless"], ["timid", "lazy"]),
            ("cold", ["chilly", "freezing"], ["warm", "sunny"]), ("clever", ["bright", "wise"], ["silly", "loud"])]
PASSAGES = [
    ("The Lost Kite", "On a windy Saturday, Priya took her red kite to the top of Beacon Hill. The string snapped and the kite floated over the trees. "
     "She followed it to the village pond, where an old man was fishing. He had caught the kite with his fishing line and was laughing.",
     [("Where did Priya fly her kite?", "Beacon Hill", ["the village pond", "the beach", "her garden"]),
      ("What colour was the kite?", "red", ["blue", "yellow", "green"]),
      ("Why did the kite float away?", "The string snapped", ["It started to rain", "Priya let go", "A dog pulled it"]),
      ("Who caught the kite?", "an old man who was fishing", ["Priya's brother", "a farmer", "a teacher"])],
     ("What day of the week was it?", ["Saturday"])),
    ("The Hedgehog", "Hedgehogs are small mammals covered in about five thousand spines. They sleep during the day and come out at night to hunt "
     "for beetles, worms and slugs. In winter, when food is hard to find, they hibernate in nests made of leaves.",
     [("When do hedgehogs look for food?", "at night", ["in the morning", "at midday", "all day"]),
      ("About how many spines does a hedgehog have?", "five thousand", ["five hundred", "fifty", "fifty thousand"]),
      ("What do hedgehogs build their winter nests from?", "leaves", ["mud", "twigs and stones", "feathers"]),
      ("Why do hedgehogs hibernate?", "Food is hard to find in winter", ["They are too hot", "They are scared of owls", "They want to grow spines"])],
     ("What word in the text means 'sleep through the winter'?", ["hibernate"])),
    ("Market Day", "Every Thursday the town square fills with stalls. Mr Okafor sells fresh bread, Mrs Lin sells flowers, and the twins from the farm "
     "sell eggs and honey. By two o'clock most stalls are empty, and the square is swept clean before the evening.",
     [("On which day is the market?", "Thursday", ["Monday", "Saturday", "Sunday"]),
      ("What does Mrs Lin sell?", "flowers", ["bread", "honey", "eggs"]),
      ("Who sells eggs and honey?", "the twins from the farm", ["Mr Okafor", "Mrs Lin", "the baker"]),
      ("What happens before the evening?", "The square is swept clean", ["The market opens", "The twins go home", "It rains"])],
     ("Who sells fresh bread? (Write his name.)", ["Mr Okafor", "Okafor"])),
    ("The Science Fair", "Tom built a volcano out of clay for the school science fair. When he mixed vinegar with baking soda inside it, foam bubbled "
     "over the top. The judges liked how clearly he explained the reaction, and he won second prize.",
     [("What did Tom make his volcano from?", "clay", ["paper", "wood", "sand"]),
      ("What two things did Tom mix?", "vinegar and baking soda", ["water and salt", "milk and sugar", "oil and flour"]),
      ("What prize did Tom win?", "second prize", ["first prize", "third prize", "no prize"]),
      ("What did the judges like?", "how clearly he explained the reaction", ["the colour of the volcano", "how big it was", "the noise it made"])],
     ("What came out of the top of the volcano?", ["foam", "bubbles"])),
]

def ex_spelling(level, k):
    words = rng.sample(SPELLING, 5)
    qs = []
    for i, (right, wrongs) in enumerate(words[:3]):
        qs.append(choice(f"q{i+1}", "Which word is spelt correctly?", right, wrongs))
    w, wr = words[3]
    qs.append(text("q4", f"This word is spelt wrongly: '{wr[0]}'. Write it correctly.", [w]))
    alpha = sorted(rng.sample([s for s, _ in SPELLING], 4), key=str.lower)
    qs.append(order("q5", "Put these words in alphabetical order.", alpha))
    return qs

def ex_grammar(level, k):
    items = rng.sample(TENSES, 3)
    qs = [choice(f"q{i+1}", f"Choose the word that fits: {s}", r, w) for i, (s, r, w) in enumerate(items)]
    sing, plural = rng.choice(PLURALS)
    qs.append(text("q4", f"Write the plural of '{sing}'.", [plural]))
    qs.append(multi("q5", "Which of these are nouns?", ["table", "quickly", "river", "happy", "teacher", "run"], ["table", "river", "teacher"]))
    return qs

def ex_vocab(level, k):
    qs = []
    for i, (word, syn, other) in enumerate(rng.sample(SYNONYMS, 3)):
        opts = syn + other
        rng.shuffle(opts)
        qs.append(multi(f"q{i+1}", f"Which words mean the same as '{word}'? Choose all that do.", opts, syn))
    qs.append(choice("q4", "Which word is an adjective?", "shiny", ["jump", "slowly", "under"]))
    qs.append(text("q5", "Write the opposite of 'ancient'.", ["modern", "new"]))
    return qs

def ex_punct(level, k):
    return [
        choice("q1", "Which sentence is punctuated correctly?", "Where are you going?", ["where are you going?", "Where are you going.", "Where, are you going"]),
        choice("q2", "Which sentence uses an apostrophe correctly?", "The dog's bowl is empty.", ["The dogs' bowl is empty dog.", "The dog,s bowl is empty.", "The do'gs bowl is empty."]),
        text("q3", "Write the contraction of 'do not'.", ["don't"]),
        multi("q4", "Which words need a capital letter?", ["london", "apple", "monday", "river", "sarah"], ["london", "monday", "sarah"]),
        order("q5", "Put the words in order to make a sentence.", ["The", "children", "played", "in", "the", "garden."]),
    ]

def ex_comprehension(idx):
    def make(level, k):
        title, passage, mcqs, short = PASSAGES[(idx + k) % len(PASSAGES)]
        qs = [choice(f"q{i+1}", f"{t}", r, w) for i, (t, r, w) in enumerate(mcqs)]
        qs.append(text("q5", short[0], short[1]))
        return qs, f"Read '{title}' and answer the questions.\n\n{passage}"
    return make

ENGLISH = [
    (1, "Level 1 — Words and sentences", [
        ("Spelling", [("Tricky words", ex_spelling), ("Spelling patterns", ex_spelling)]),
        ("Sentences", [("Capital letters and full stops", ex_punct), ("Nouns and verbs", ex_grammar)])]),
    (2, "Level 2 — Grammar", [
        ("Verbs and tenses", [("Past and present", ex_grammar), ("Irregular verbs", ex_grammar)]),
        ("Reading", [("Stories", ex_comprehension(0)), ("Facts", ex_comprehension(1))])]),
    (3, "Level 3 — Vocabulary", [
        ("Word meanings", [("Synonyms", ex_vocab), ("Opposites", ex_vocab)]),
        ("Punctuation", [("Apostrophes", ex_punct), ("Questions and commas", ex_punct)])]),
    (4, "Level 4 — Reading and writing", [
        ("Comprehension", [("Finding information", ex_comprehension(2)), ("Understanding why", ex_comprehension(3))]),
        ("Spelling and grammar", [("Commonly misspelt words", ex_spelling), ("Plurals and tenses", ex_grammar)])]),
]

DIFFICULTY = ["EASY", "MEDIUM", "HARD"]

def build(key, title, subject, description, plan):
    levels = []
    for number, level_title, units in plan:
        unit_list = []
        for unit_title, lessons in units:
            lesson_list = []
            for lesson_title, maker in lessons:
                exercises = []
                for k in range(3):
                    made = maker(number, k)
                    questions, instructions = made if isinstance(made, tuple) else (made, None)
                    exercises.append({
                        "title": f"{lesson_title} — {['Warm-up', 'Practice', 'Challenge'][k]}",
                        "instructions": instructions or "Answer every question. Your answers are saved as you go.",
                        "difficulty": DIFFICULTY[k],
                        "estimatedMinutes": [8, 12, 15][k],
                        "questions": questions,
                    })
                lesson_list.append({"title": lesson_title, "exercises": exercises})
            unit_list.append({"title": unit_title, "lessons": lesson_list})
        levels.append({"number": number, "title": level_title, "units": unit_list})
    return {"key": key, "title": title, "subject": subject, "description": description, "levels": levels}

package = {"courses": [
    build("maths", "Mathematics", "MATHEMATICS", "Number, calculation, fractions, measures and early algebra.", MATHS),
    build("english", "English", "ENGLISH", "Spelling, grammar, vocabulary, punctuation and reading comprehension.", ENGLISH),
]}
for course in package["courses"]:
    for level in course["levels"]:
        for unit in level["units"]:
            for lesson in unit["lessons"]:
                for exercise in lesson["exercises"]:
                    for question in exercise["questions"]:
                        opts = question.get("options")
                        assert opts is None or len(set(opts)) == len(opts), (exercise["title"], question)
out = os.path.join(os.path.dirname(__file__), "..", "AetherLearn.Data", "Seed", "demo-catalogue.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(package, f, ensure_ascii=False, indent=1)
print(f"wrote {os.path.normpath(out)}")

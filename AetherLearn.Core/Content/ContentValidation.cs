using AetherLearn.Core.Common.Errors;

namespace AetherLearn.Core.Content;

/// <summary>Checks an import package and reports every problem by its JSON path, so an author can fix a file in one go.</summary>
public static class ContentValidation
{
    private const int MaxReported = 100;

    public static void Validate(ContentPackage package)
    {
        var errors = new Dictionary<string, string>();
        void Fail(string path, string problem) { if (errors.Count < MaxReported) { errors.TryAdd(path, problem); } }
        void Text(string path, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) { Fail(path, $"{label} is required"); }
            else if (value.Length > max) { Fail(path, $"{label} must be at most {max} characters"); }
        }

        if (package.Courses is not { Count: > 0 } courses) { throw DomainValidationException.For("courses", "The package has no courses"); }
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < courses.Count; c++)
        {
            var course = courses[c];
            var cp = $"courses[{c}]";
            Text($"{cp}.key", course.Key, "Key", 40);
            if (course.Key is { } key && !keys.Add(key)) { Fail($"{cp}.key", "Each course key appears once"); }
            Text($"{cp}.title", course.Title, "Title", 120);
            if (course.Subject is null) { Fail($"{cp}.subject", "Subject is required"); }
            if (course.Levels is not { Count: > 0 } levels) { Fail($"{cp}.levels", "A course needs at least one level"); continue; }
            if (levels.Select(l => l.Number).Distinct().Count() != levels.Count) { Fail($"{cp}.levels", "Level numbers must be distinct"); }
            for (var l = 0; l < levels.Count; l++)
            {
                var lp = $"{cp}.levels[{l}]";
                if (levels[l].Number < 1) { Fail($"{lp}.number", "Level numbers start at 1"); }
                Text($"{lp}.title", levels[l].Title, "Title", 120);
                var units = levels[l].Units ?? [];
                if (units.Count == 0) { Fail($"{lp}.units", "A level needs at least one unit"); }
                for (var u = 0; u < units.Count; u++)
                {
                    var up = $"{lp}.units[{u}]";
                    Text($"{up}.title", units[u].Title, "Title", 120);
                    var lessons = units[u].Lessons ?? [];
                    if (lessons.Count == 0) { Fail($"{up}.lessons", "A unit needs at least one lesson"); }
                    for (var s = 0; s < lessons.Count; s++)
                    {
                        var sp = $"{up}.lessons[{s}]";
                        Text($"{sp}.title", lessons[s].Title, "Title", 120);
                        var exercises = lessons[s].Exercises ?? [];
                        if (exercises.Count == 0) { Fail($"{sp}.exercises", "A lesson needs at least one exercise"); }
                        for (var e = 0; e < exercises.Count; e++) { ValidateExercise($"{sp}.exercises[{e}]", exercises[e], Fail, Text); }
                    }
                }
            }
        }
        if (errors.Count > 0) { throw new DomainValidationException(errors, "The content package is not valid"); }
    }

    private static void ValidateExercise(string ep, ExercisePackage exercise, Action<string, string> fail, Action<string, string?, string, int> text)
    {
        text($"{ep}.title", exercise.Title, "Title", 160);
        if (exercise.Instructions is { Length: > 2000 }) { fail($"{ep}.instructions", "Instructions must be at most 2000 characters"); }
        if (exercise.Difficulty is null) { fail($"{ep}.difficulty", "Difficulty is required (EASY, MEDIUM or HARD)"); }
        if (exercise.EstimatedMinutes is not (>= 1 and <= 240)) { fail($"{ep}.estimatedMinutes", "Estimated minutes must be between 1 and 240"); }
        var questions = exercise.Questions ?? [];
        if (questions.Count == 0) { fail($"{ep}.questions", "An exercise needs at least one question"); }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var q = 0; q < questions.Count; q++)
        {
            var qp = $"{ep}.questions[{q}]";
            var question = questions[q];
            if (string.IsNullOrWhiteSpace(question.Id) || question.Id.Length > 40) { fail($"{qp}.id", "Id is required (at most 40 characters)"); }
            else if (!ids.Add(question.Id)) { fail($"{qp}.id", "Question ids must be unique within the exercise"); }
            text($"{qp}.prompt", question.Prompt, "Prompt", 4000);
            if (question.Points is < 1 or > 100) { fail($"{qp}.points", "Points must be between 1 and 100"); }
            if (QuestionProblem(question) is { } problem) { fail($"{qp}.{problem.Field}", problem.Message); }
        }
    }

    private static (string Field, string Message)? QuestionProblem(Question q)
    {
        var options = q.Options ?? [];
        var correct = q.Correct ?? [];
        bool InRange() => correct.All(i => i >= 0 && i < options.Count);
        bool BlankOption() => options.Any(string.IsNullOrWhiteSpace);
        return q.Type switch
        {
            QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ordering when options.Count is < 2 or > 12 => ("options", "Give between 2 and 12 options"),
            QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ordering when BlankOption() => ("options", "Options cannot be blank"),
            QuestionType.SingleChoice when correct.Count != 1 || !InRange() => ("correct", "Give exactly one correct option index"),
            QuestionType.MultipleChoice when correct.Count == 0 || !InRange() || correct.Distinct().Count() != correct.Count => ("correct", "Give the correct option indexes, each once"),
            QuestionType.Ordering when correct.Count > 0 => ("correct", "Ordering questions list their options in the right order; leave correct out"),
            QuestionType.Numeric when q.Answer is null => ("answer", "Numeric questions need an answer"),
            QuestionType.Numeric when q.Tolerance is < 0 => ("tolerance", "Tolerance cannot be negative"),
            QuestionType.ShortText when q.Accepted is not { Count: > 0 } || q.Accepted.Any(string.IsNullOrWhiteSpace) => ("accepted", "Give at least one accepted answer"),
            _ => null,
        };
    }
}

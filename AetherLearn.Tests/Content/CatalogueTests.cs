using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Content;
using AetherLearn.Data.Seed;

namespace AetherLearn.Tests.Content;

public sealed class CatalogueTests
{
    [Fact]
    public async Task The_demo_catalogue_is_valid_and_as_large_as_promised()
    {
        var package = await DemoSeeder.LoadCatalogueAsync();
        ContentValidation.Validate(package);

        Assert.Equal(["maths", "english"], package.Courses!.Select(c => c.Key));
        foreach (var course in package.Courses!)
        {
            Assert.True(course.Levels!.Count >= 4);
            Assert.All(course.Levels!, l => Assert.True(l.Units!.Count >= 2));
            Assert.All(course.Levels!.SelectMany(l => l.Units!), u => Assert.True(u.Lessons!.Count >= 2));
            Assert.All(course.Levels!.SelectMany(l => l.Units!).SelectMany(u => u.Lessons!), s => Assert.True(s.Exercises!.Count >= 3));
            Assert.All(course.Levels!.SelectMany(l => l.Units!).SelectMany(u => u.Lessons!).SelectMany(s => s.Exercises!), e => Assert.True(e.Questions!.Count >= 5));
        }
        var types = package.Courses!.SelectMany(c => c.Levels!).SelectMany(l => l.Units!).SelectMany(u => u.Lessons!).SelectMany(s => s.Exercises!)
            .SelectMany(e => e.Questions!).Select(q => q.Type).ToHashSet();
        Assert.Equal(Enum.GetValues<QuestionType>().ToHashSet(), types);
    }

    [Fact]
    public void A_broken_package_reports_every_problem_by_its_path()
    {
        var package = new ContentPackage([
            new CoursePackage("maths", "Maths", Subject.Mathematics, null, [
                new LevelPackage(1, "L1", [new UnitPackage("U", [new LessonPackage("Lesson", [
                    new ExercisePackage("E", null, Difficulty.Easy, 10, [
                        new Question("q1", QuestionType.SingleChoice, "Pick", Options: ["a", "b"], Correct: [5]),
                        new Question("q1", QuestionType.Numeric, "How many?"),
                        new Question("q3", QuestionType.ShortText, "", Accepted: []),
                    ]),
                    new ExercisePackage("", null, null, 0, []),
                ])])]),
            ]),
        ]);

        var error = Assert.Throws<DomainValidationException>(() => ContentValidation.Validate(package));
        var at = "courses[0].levels[0].units[0].lessons[0].exercises";
        Assert.Equal("Give exactly one correct option index", error.Details[$"{at}[0].questions[0].correct"]);
        Assert.Equal("Question ids must be unique within the exercise", error.Details[$"{at}[0].questions[1].id"]);
        Assert.Equal("Prompt is required", error.Details[$"{at}[0].questions[2].prompt"]);
        Assert.Equal("Give at least one accepted answer", error.Details[$"{at}[0].questions[2].accepted"]);
        Assert.Equal("Title is required", error.Details[$"{at}[1].title"]);
        Assert.Equal("Estimated minutes must be between 1 and 240", error.Details[$"{at}[1].estimatedMinutes"]);
        Assert.Equal("An exercise needs at least one question", error.Details[$"{at}[1].questions"]);
    }
}

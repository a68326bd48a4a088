using System.Text.Json;
using AetherLearn.Core.Content;

namespace AetherLearn.Tests.Content;

public sealed class GradingTests
{
    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static readonly Question Single = new("q", QuestionType.SingleChoice, "2 + 2?", Options: ["3", "4", "5"], Correct: [1]);
    private static readonly Question Multi = new("q", QuestionType.MultipleChoice, "Even numbers?", Points: 2, Options: ["2", "3", "4", "5"], Correct: [0, 2]);
    private static readonly Question Numeric = new("q", QuestionType.Numeric, "Pi to 2 d.p.?", Answer: 3.14m, Tolerance: 0.005m);
    private static readonly Question Text = new("q", QuestionType.ShortText, "Plural of mouse?", Accepted: ["mice"]);
    private static readonly Question Order = new("q", QuestionType.Ordering, "Smallest first", Options: ["1", "5", "9"]);

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("\"1\"", false)]
    public void Single_choice_is_right_only_for_the_right_index(string answer, bool right) =>
        Assert.Equal(right, Grading.Grade(Single, J(answer)).Correct);

    [Theory]
    [InlineData("[0,2]", 2.0, true)]
    [InlineData("[2,0]", 2.0, true)]
    [InlineData("[0]", 1.0, false)]
    [InlineData("[0,1]", 0.0, false)]
    [InlineData("[0,1,2,3]", 0.0, false)]
    [InlineData("[]", 0.0, false)]
    public void Multiple_choice_gives_partial_credit_minus_wrong_picks(string answer, double points, bool right)
    {
        var result = Grading.Grade(Multi, J(answer));
        Assert.Equal((decimal)points, result.Points);
        Assert.Equal(right, result.Correct);
        Assert.Equal(2, result.MaxPoints);
    }

    [Theory]
    [InlineData("3.14", true)]
    [InlineData("3.144", true)]
    [InlineData("3.136", true)]
    [InlineData("3.13", false)]
    [InlineData("\"3,14\"", true)]
    [InlineData("\" 3.14 \"", true)]
    [InlineData("\"three\"", false)]
    public void Numeric_accepts_answers_within_the_tolerance(string answer, bool right) =>
        Assert.Equal(right, Grading.Grade(Numeric, J(answer)).Correct);

    [Fact]
    public void A_comma_followed_by_three_digits_is_a_thousands_separator_unless_it_follows_a_zero()
    {
        Assert.True(Grading.Grade(new Question("q", QuestionType.Numeric, "?", Answer: 1000m), J("\"1,000\"")).Correct);
        Assert.True(Grading.Grade(new Question("q", QuestionType.Numeric, "?", Answer: 0.125m), J("\"0,125\"")).Correct);
    }

    [Fact]
    public void Text_that_is_not_a_number_is_kept_as_an_answer_and_graded_wrong()
    {
        Assert.Null(Grading.ShapeProblem(Numeric, J("\"1/2\"")));
        Assert.False(Grading.Grade(Numeric, J("\"1/2\"")).Correct);
    }

    [Theory]
    [InlineData("mice", true)]
    [InlineData("  Mice. ", true)]
    [InlineData("MICE", true)]
    [InlineData("mouses", false)]
    [InlineData("mi ce", false)]
    public void Short_text_ignores_case_spacing_and_a_final_full_stop(string answer, bool right) =>
        Assert.Equal(right, Grading.Grade(Text, J(JsonSerializer.Serialize(answer))).Correct);

    [Fact]
    public void Short_text_folds_accents_and_curly_apostrophes()
    {
        var q = new Question("q", QuestionType.ShortText, "?", Accepted: ["don't", "café"]);
        Assert.True(Grading.Grade(q, J("\"don\u2019t\"")).Correct);
        Assert.True(Grading.Grade(q, J("\"cafe\"")).Correct);
    }

    [Theory]
    [InlineData("[0,1,2]", true)]
    [InlineData("[0,2,1]", false)]
    public void Ordering_is_all_or_nothing(string answer, bool right) =>
        Assert.Equal(right, Grading.Grade(Order, J(answer)).Correct);

    [Fact]
    public void A_missing_answer_scores_nothing()
    {
        Assert.Equal(0m, Grading.Grade(Single, null).Points);
        Assert.Equal(0m, Grading.Grade(Text, J("null")).Points);
    }

    [Theory]
    [InlineData(QuestionType.SingleChoice, "7", "Choose one option by its index (0 to 2)")]
    [InlineData(QuestionType.Ordering, "[0,1]", "Give every option index (0 to 2) once, in your order")]
    [InlineData(QuestionType.Ordering, "[0,0,1]", "Give every option index (0 to 2) once, in your order")]
    [InlineData(QuestionType.Numeric, "[1]", "Give a number (at most 50 characters)")]
    [InlineData(QuestionType.ShortText, "12", "Give text of at most 500 characters")]
    public void Answers_of_the_wrong_shape_are_explained(QuestionType type, string answer, string problem)
    {
        var q = new Question("q", type, "?", Options: ["a", "b", "c"], Correct: [0], Answer: 1m, Accepted: ["a"]);
        Assert.Equal(problem, Grading.ShapeProblem(q, J(answer)));
    }
}

using System.Text;
using AetherLearn.Core.Sessions;
using AetherLearn.Web.Realtime;

namespace AetherLearn.Tests.Realtime;

public sealed class RoomCommandParserTests
{
    private static RoomCommand Parse(string json, RoomSide side = RoomSide.Student) => RoomCommandParser.Parse(Encoding.UTF8.GetBytes(json), side);

    private static RoomError Refusal(string json, RoomSide side = RoomSide.Student) => Assert.Throws<RoomCommandException>(() => Parse(json, side)).RoomError;

    [Fact]
    public void Every_client_type_of_the_contract_is_understood()
    {
        Assert.Equal(13, RoomCommandParser.ClientTypes.Count);
        var id = Guid.NewGuid();
        Assert.Equal(new StudentHeartbeat(true, id, 40), Parse($$$"""{"type":"student:heartbeat","payload":{"isActive":true,"currentExerciseId":"{{{id}}}","progressPct":40}}"""));
        Assert.Equal(new StudentHelpRequest("help"), Parse("""{"type":"student:help_request","payload":{"message":" help "}}"""));
        Assert.Equal(new StudentHelpRequest(null), Parse("""{"type":"student:help_request"}"""));
        Assert.Equal(new TutorAttendance(id, AttendanceStatus.Late), Parse($$$"""{"type":"tutor:attendance","payload":{"studentId":"{{{id}}}","status":"LATE"}}""", RoomSide.Tutor));
        Assert.Equal(new TutorBroadcast("Tidy up"), Parse("""{"type":"tutor:broadcast","payload":{"text":"Tidy up"},"timestamp":1,"senderId":"ignored"}""", RoomSide.Tutor));
        var submit = Assert.IsType<StudentExerciseSubmit>(Parse($$$$"""{"type":"student:exercise_submit","payload":{"exerciseId":"{{{{id}}}}","answers":{"q1":2,"q2":"x"}}}"""));
        Assert.Equal(2, submit.Answers["q1"].GetInt32());
    }

    [Fact]
    public void Each_kind_of_bad_message_is_named()
    {
        Assert.Equal(RoomErrorCodes.MalformedMessage, Refusal("[1,2]").Code);
        Assert.Equal(RoomErrorCodes.MalformedMessage, Refusal("""{"type":5}""").Code);
        Assert.Equal(RoomErrorCodes.UnknownType, Refusal("""{"type":"student:teleport"}""").Code);
        var forbidden = Refusal("""{"type":"tutor:session_end","payload":{}}""");
        Assert.Equal((RoomErrorCodes.Forbidden, "Students cannot send tutor messages", "tutor:session_end"), (forbidden.Code, forbidden.Error, forbidden.Ref));
        Assert.Equal(RoomErrorCodes.Forbidden, Refusal("""{"type":"student:heartbeat","payload":{"isActive":true}}""", RoomSide.Tutor).Code);
        Assert.Equal(RoomErrorCodes.ValidationError, Refusal("""{"type":"student:heartbeat","payload":"yes"}""").Code);
        var invalid = Refusal("""{"type":"tutor:attendance","payload":{"studentId":"nope","status":"ON_HOLIDAY"}}""", RoomSide.Tutor);
        Assert.Equal("Must be an id", invalid.Details!["studentId"]);
        Assert.Equal("Must be ATTENDING, ABSENT, LATE or EXCUSED", invalid.Details["status"]);
        Assert.Equal("Required", Refusal("""{"type":"tutor:message","payload":{"studentId":"00000000-0000-0000-0000-000000000001","text":"  "}}""", RoomSide.Tutor).Details!["text"]);
        Assert.Equal("Question 'q1' is answered twice",
            Refusal($$$$"""{"type":"student:exercise_submit","payload":{"exerciseId":"{{{{Guid.NewGuid()}}}}","answers":{"q1":1,"q1":2}}}""").Details!["answers"]);
        Assert.Equal("Must be true or false", Refusal("""{"type":"student:heartbeat","payload":{"isActive":"yes"}}""").Details!["isActive"]);
    }

    [Theory]
    [InlineData("ABSENT, LATE")]   // Enum.TryParse combines them into 3, which is EXCUSED
    [InlineData("Absent,Late")]
    [InlineData("1")]
    [InlineData(" 2")]
    [InlineData("NO_SUCH_STATUS")]
    public void An_attendance_status_is_exactly_one_defined_name(string status)
    {
        var refused = Refusal($$$"""{"type":"tutor:attendance","payload":{"studentId":"{{{Guid.NewGuid()}}}","status":"{{{status}}}"}}""", RoomSide.Tutor);
        Assert.Equal(RoomErrorCodes.ValidationError, refused.Code);
        Assert.Equal("Must be ATTENDING, ABSENT, LATE or EXCUSED", refused.Details!["status"]);
    }

    [Theory]
    [InlineData("tutor:broadcast", "{\"text\":\"Tidy\\u0000up\"}", "text")]
    [InlineData("tutor:broadcast", "{\"text\":\"Tidy\\u001bup\"}", "text")]
    [InlineData("student:help_request", "{\"message\":\"help\\u0000\"}", "message")]
    public void Socket_text_follows_the_api_text_rule(string type, string payload, string field)
    {
        var side = type.StartsWith("tutor:", StringComparison.Ordinal) ? RoomSide.Tutor : RoomSide.Student;
        var refused = Refusal($$"""{"type":"{{type}}","payload":{{payload}}}""", side);
        Assert.Equal(RoomErrorCodes.ValidationError, refused.Code);
        Assert.StartsWith("Must not contain control characters", refused.Details![field]);
        Assert.Equal(new TutorBroadcast("Line one\r\n\tLine two"), Parse("""{"type":"tutor:broadcast","payload":{"text":"Line one\r\n\tLine two"}}""", RoomSide.Tutor));
    }
}

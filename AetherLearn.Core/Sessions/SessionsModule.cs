using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Sessions;

/// <summary>Tutoring sessions: scheduling, enrolments, the live lesson (attendance, help requests, plans, notes).</summary>
public static class SessionsModule
{
    public static IServiceCollection AddSessionsModule(this IServiceCollection services)
    {
        services.AddScoped<SessionViews>();
        services.AddScoped<ISessionScheduling, SchedulingService>();
        services.AddScoped<ILessonService, LessonService>();
        services.AddScoped<IAttendanceRegister, AttendanceRegister>();
        services.AddScoped<ILessonPlanning, LessonPlanning>();
        services.AddScoped<Attempts.IEnrolmentCheck, EnrolmentCheck>();
        services.AddScoped<IHelpRequests, HelpRequestService>();
        services.AddScoped<ILiveSessions, LiveSessions>();
        services.AddScoped<ISocketTokenUses, SocketTokenUses>();
        services.AddScoped<ISessionFacts, SessionFactsQuery>();
        services.AddScoped<ICentreDay, CentreDay>();
        services.AddScoped<IStudentLessons, StudentLessons>();
        return services;
    }
}

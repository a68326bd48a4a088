using AetherLearn.Core.Attempts;
using AetherLearn.Core.Audit;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Data.Common;

/// <summary>
/// The one model of the application. Each provider has a derived type (<see cref="SqliteAetherDbContext"/>,
/// <see cref="PostgresAetherDbContext"/>) so each keeps its own migrations (ADR 0002).
/// </summary>
public abstract class AetherDbContext(DbContextOptions options)
    : IdentityUserContext<AppUser, Guid>(options), ICentresDb, IUsersDb, IAuditDb, IContentDb, ISequencingDb, IAttemptsDb, IHomeworkDb, IHelpDb, INotificationsDb, AetherLearn.Core.Gamification.IGamificationDb, IDataProtectionKeyContext
{
    private IOutboxSignal? _signal;
    private bool _published;

    public DbSet<Centre> Centres => Set<Centre>();
    public DbSet<StudentProfile> StudentProfiles => Set<StudentProfile>();
    public DbSet<ParentChildLink> ParentChildLinks => Set<ParentChildLink>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CourseLevel> CourseLevels => Set<CourseLevel>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<Exercise> Exercises => Set<Exercise>();
    public DbSet<ContentOverride> ContentOverrides => Set<ContentOverride>();
    public DbSet<StudentLevel> StudentLevels => Set<StudentLevel>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<AnswerRelease> AnswerReleases => Set<AnswerRelease>();
    public DbSet<HomeworkAssignment> Homework => Set<HomeworkAssignment>();
    public DbSet<TutoringSession> TutoringSessions => Set<TutoringSession>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<TutorNote> TutorNotes => Set<TutorNote>();
    public DbSet<SocketTokenUse> SocketTokenUses => Set<SocketTokenUse>();
    public DbSet<HelpRequest> HelpRequests => Set<HelpRequest>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<NotificationSettings> NotificationSettings => Set<NotificationSettings>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<PushDevice> PushDevices => Set<PushDevice>();
    public DbSet<PushServerKey> PushServerKeys => Set<PushServerKey>();
    public DbSet<NotificationTemplateOverride> NotificationTemplateOverrides => Set<NotificationTemplateOverride>();
    public DbSet<AetherLearn.Core.Gamification.XpLedgerEntry> XpLedger => Set<AetherLearn.Core.Gamification.XpLedgerEntry>();
    public DbSet<AetherLearn.Core.Gamification.StudentProgress> StudentProgress => Set<AetherLearn.Core.Gamification.StudentProgress>();
    public DbSet<AetherLearn.Core.Gamification.StudentBadge> StudentBadges => Set<AetherLearn.Core.Gamification.StudentBadge>();
    public DbSet<AetherLearn.Core.Gamification.StudentStreak> StudentStreaks => Set<AetherLearn.Core.Gamification.StudentStreak>();
    public DbSet<AetherLearn.Core.Gamification.Leaderboard> Leaderboards => Set<AetherLearn.Core.Gamification.Leaderboard>();
    public DbSet<AetherLearn.Core.Gamification.LeaderboardPlace> LeaderboardPlaces => Set<AetherLearn.Core.Gamification.LeaderboardPlace>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxDelivery> OutboxDeliveries => Set<OutboxDelivery>();
    /// <summary>Keys that protect cookies and tokens, shared by every node and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public Actor Actor { get; private set; } = Actor.System;

    /// <summary>True for background work and cross-centre operations: no centre filter.</summary>
    internal bool SystemScope { get; private set; } = true;

    /// <summary>The centre every centre-owned query is limited to.</summary>
    internal Guid? ScopeCentreId { get; private set; }

    internal Guid CorrelationId { get; } = Guid.CreateVersion7();

    internal TimeProvider Clock { get; private set; } = TimeProvider.System;

    /// <summary>Off only while the demo seed runs: seeding is not something a person did, and would bury the log.</summary>
    internal bool AuditChanges { get; set; } = true;

    internal void Configure(Actor actor, bool systemScope, IOutboxSignal? signal, TimeProvider clock)
    {
        Actor = actor;
        SystemScope = systemScope;
        ScopeCentreId = systemScope ? null : actor.CentreId;
        _signal = signal;
        Clock = clock;
    }

    public void Publish<TEvent>(TEvent payload) where TEvent : IDomainEvent<TEvent>
    {
        var type = TEvent.EventType;
        if (!EventTypes.All.Contains(type)) { throw new ArgumentException($"'{type}' is not an event type of the contract's catalogue", nameof(payload)); }
        OutboxMessages.Add(new OutboxMessage
        {
            Type = type,
            Payload = EventJson.Serialize(payload),
            CorrelationId = CorrelationId,
            CentreId = Actor.CentreId,
            UserId = Actor.UserId,
            OccurredAt = Clock.GetUtcNow().UtcDateTime,
        });
        _published = true;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // Only after the commit: a rolled-back change never wakes the dispatcher for its events. Inside a transaction the
        // commit wakes it (OutboxWakeInterceptor).
        if (Database.CurrentTransaction is null) { WakeIfPublished(); }
        return result;
    }

    internal void WakeIfPublished()
    {
        if (!_published) { return; }
        _published = false;
        _signal?.Notify();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<Role>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<AuditAction>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<SessionKind>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<Subject>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<Difficulty>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<AttemptStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<SessionStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<AttendanceStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<HelpRequestStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<NotificationCategory>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<NotificationChannel>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<DeliveryMode>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<DeliveryState>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<AetherLearn.Core.Gamification.Rules.XpSource>().HaveConversion<string>().HaveMaxLength(24);
        builder.Properties<AetherLearn.Core.Gamification.Rules.StreakType>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<AetherLearn.Core.Gamification.Rules.LeaderboardPeriod>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("UserClaims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("UserLogins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("UserTokens");
        builder.ApplyConfigurationsFromAssembly(typeof(AetherDbContext).Assembly);

        foreach (var type in builder.Model.GetEntityTypes().Select(t => t.ClrType).Where(t => typeof(ICentreOwned).IsAssignableFrom(t)).ToList())
        {
            GetType().BaseType!.GetMethod(nameof(ApplyCentreFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type).Invoke(this, [builder]);
        }
        foreach (var type in builder.Model.GetEntityTypes().Select(t => t.ClrType).Where(t => typeof(ICentreShared).IsAssignableFrom(t)).ToList())
        {
            GetType().BaseType!.GetMethod(nameof(ApplySharedFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type).Invoke(this, [builder]);
        }
        builder.Entity<AuditEntry>().HasQueryFilter(e => SystemScope || (ScopeCentreId != null && e.CentreId == ScopeCentreId));
        if (IsPostgres) { builder.UseJsonb(); }
    }

    protected abstract bool IsPostgres { get; }

    private void ApplyCentreFilter<T>(ModelBuilder builder) where T : class, ICentreOwned =>
        builder.Entity<T>().HasQueryFilter(e => SystemScope || e.CentreId == ScopeCentreId);

    private void ApplySharedFilter<T>(ModelBuilder builder) where T : class, ICentreShared =>
        builder.Entity<T>().HasQueryFilter(e => SystemScope || e.CentreId == null || (ScopeCentreId != null && e.CentreId == ScopeCentreId));
}

public sealed class SqliteAetherDbContext(DbContextOptions<SqliteAetherDbContext> options) : AetherDbContext(options)
{
    protected override bool IsPostgres => false;
}

public sealed class PostgresAetherDbContext(DbContextOptions<PostgresAetherDbContext> options) : AetherDbContext(options)
{
    protected override bool IsPostgres => true;
}

using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Content;

internal sealed class ContentService(IDbSessionFactory dbFactory, ICurrentUser currentUser, IEnumerable<IExerciseAccessRule> accessRules) : IContentService
{
    public async Task<IReadOnlyList<CourseSummary>> ListCoursesAsync(CancellationToken ct = default)
    {
        RequireStaff();
        await using var db = dbFactory.Create<IContentDb>();
        return await db.Courses.AsNoTracking().OrderBy(c => c.Order).ThenBy(c => c.Title)
            .Select(c => new CourseSummary(c.Id, c.Key, c.Title, c.Subject, c.Description, c.CentreId == null,
                db.CourseLevels.Count(l => l.CourseId == c.Id), db.Exercises.Count(e => e.CourseId == c.Id)))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<LevelSummary>> ListLevelsAsync(Guid courseId, CancellationToken ct = default)
    {
        RequireStaff();
        await using var db = dbFactory.Create<IContentDb>();
        if (!await db.Courses.AnyAsync(c => c.Id == courseId, ct)) { throw new NotFoundException("Course"); }
        return await db.CourseLevels.AsNoTracking().Where(l => l.CourseId == courseId).OrderBy(l => l.Number)
            .Select(l => new LevelSummary(l.Id, l.Number, l.Title, db.Units.Count(u => u.LevelId == l.Id)))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<UnitWithLessons>> ListUnitsAsync(Guid courseId, Guid levelId, CancellationToken ct = default)
    {
        RequireStaff();
        await using var db = dbFactory.Create<IContentDb>();
        if (!await db.CourseLevels.AnyAsync(l => l.Id == levelId && l.CourseId == courseId, ct)) { throw new NotFoundException("Level"); }
        var units = await db.Units.AsNoTracking().Where(u => u.LevelId == levelId).OrderBy(u => u.Order).ToListAsync(ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var lessons = await db.Lessons.AsNoTracking().Where(l => unitIds.Contains(l.UnitId))
            .Select(l => new { l.UnitId, Summary = new LessonSummary(l.Id, l.Title, l.Order, db.Exercises.Count(e => e.LessonId == l.Id)) })
            .ToListAsync(ct);
        return units.Select(u => new UnitWithLessons(u.Id, u.Title, u.Order,
            lessons.Where(l => l.UnitId == u.Id).Select(l => l.Summary).OrderBy(l => l.Order).ToList())).ToList();
    }

    public async Task<IReadOnlyList<ExerciseSummary>> ListExercisesAsync(Guid lessonId, CancellationToken ct = default)
    {
        RequireStaff();
        await using var db = dbFactory.Create<IContentDb>();
        if (!await db.Lessons.AnyAsync(l => l.Id == lessonId, ct)) { throw new NotFoundException("Lesson"); }
        var exercises = await db.Exercises.AsNoTracking().Where(e => e.LessonId == lessonId).OrderBy(e => e.Sequence).ToListAsync(ct);
        return exercises.Select(e => new ExerciseSummary(e.Id, e.Title, e.Difficulty, e.EstimatedMinutes, e.MaxScore, e.Questions.Count, e.Sequence)).ToList();
    }

    public async Task<IReadOnlyList<OutlineNode>> OutlineAsync(CancellationToken ct = default)
    {
        RequireStaff();
        await using var db = dbFactory.Create<IContentDb>();
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Order).ThenBy(c => c.Title).Select(c => new { c.Id, c.Title }).ToListAsync(ct);
        var levels = await db.CourseLevels.AsNoTracking().OrderBy(l => l.Number).Select(l => new { l.Id, l.CourseId, l.Title }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Order).Select(u => new { u.Id, u.LevelId, u.Title }).ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking().OrderBy(l => l.Order).Select(l => new { l.Id, l.UnitId, l.Title }).ToListAsync(ct);
        var exercises = await db.Exercises.AsNoTracking().OrderBy(e => e.Sequence).Select(e => new { e.Id, e.LessonId, e.Title }).ToListAsync(ct);
        var exercisesOf = exercises.ToLookup(e => e.LessonId, e => new OutlineNode(e.Id, OutlineKind.Exercise, e.Title, []));
        var lessonsOf = lessons.ToLookup(l => l.UnitId, l => new OutlineNode(l.Id, OutlineKind.Lesson, l.Title, exercisesOf[l.Id].ToList()));
        var unitsOf = units.ToLookup(u => u.LevelId, u => new OutlineNode(u.Id, OutlineKind.Unit, u.Title, lessonsOf[u.Id].ToList()));
        var levelsOf = levels.ToLookup(l => l.CourseId, l => new OutlineNode(l.Id, OutlineKind.Level, l.Title, unitsOf[l.Id].ToList()));
        return courses.Select(c => new OutlineNode(c.Id, OutlineKind.Course, c.Title, levelsOf[c.Id].ToList())).ToList();
    }

    public async Task<ExerciseDetail> GetExerciseAsync(Guid id, CancellationToken ct = default)
    {
        var student = currentUser.Role == Role.Student ? currentUser.UserId : null;
        if (student is { } studentId)
        {
            // Student (assigned): homework, the tutor's choice, the next in sequence, or one already started.
            var allowed = false;
            foreach (var rule in accessRules) { allowed = allowed || await rule.AllowsAsync(studentId, id, ct); }
            if (!allowed) { throw new NotFoundException("Exercise"); }
        }
        else { RequireStaff(); }
        await using var db = dbFactory.Create<IContentDb>();
        var row = await (from e in db.Exercises.AsNoTracking()
                         join l in db.Lessons on e.LessonId equals l.Id
                         join c in db.Courses on e.CourseId equals c.Id
                         where e.Id == id
                         select new { Exercise = e, LessonTitle = l.Title, CourseTitle = c.Title }).FirstOrDefaultAsync(ct)
                  ?? throw new NotFoundException("Exercise");
        var e2 = row.Exercise;
        // A student never receives the answers.
        var questions = student is null ? e2.Questions
            : e2.Questions.Select(q => q with
            {
                Correct = null, Answer = null, Tolerance = null, Accepted = null, Explanation = null,
                // The right order of an ordering question is its stored order: show it shuffled.
                Options = q.Type == QuestionType.Ordering && q.Options is { Count: > 1 } o ? Shuffled(o, e2.Id, q.Id) : q.Options,
            }).ToList();
        return new ExerciseDetail(e2.Id, e2.CourseId, row.CourseTitle, e2.LevelNumber, e2.LessonId, row.LessonTitle, e2.Title, e2.Instructions,
            e2.Difficulty, e2.EstimatedMinutes, e2.MaxScore, questions);
    }

    private static List<string> Shuffled(IReadOnlyList<string> options, Guid seed, string questionId)
    {
        var ids = OptionShuffle.Permutation(seed, questionId, options.Count);
        return options.Select((text, stored) => (text, id: ids[stored])).OrderBy(x => x.id).Select(x => x.text).ToList();
    }

    public async Task<ImportSummary> ImportAsync(ContentPackage package, CancellationToken ct = default)
    {
        TextRules.Check(package);
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
        var centreId = currentUser.CentreId ?? throw new ForbiddenException("Choose a centre first");
        ContentValidation.Validate(package);
        await using var db = dbFactory.Create<IContentDb>();
        var keys = package.Courses!.Select(c => c.Key!.Trim()).ToList();
        var taken = await db.Courses.Where(c => keys.Contains(c.Key) && c.CentreId == centreId).Select(c => c.Key).ToListAsync(ct);
        if (taken.Count > 0)
        {
            throw new DomainValidationException(taken.ToDictionary(k => $"courses[{keys.IndexOf(k)}].key", k => $"Your centre already has a course with the key '{k}'"),
                "The content package is not valid");
        }
        var summary = ContentImport.AddTo(db, package, centreId);
        await db.SaveChangesAsync(ct);
        return summary;
    }

    private void RequireStaff()
    {
        if (!currentUser.IsInRole(Role.Teacher)) { throw new ForbiddenException(); }
    }
}

/// <summary>Turns a validated package into catalogue rows (shared when <paramref name="centreId"/> is null).</summary>
public static class ContentImport
{
    public static ImportSummary AddTo(IContentDb db, ContentPackage package, Guid? centreId, int firstCourseOrder = 0)
    {
        int levels = 0, units = 0, lessons = 0, exercises = 0, questions = 0;
        foreach (var (coursePackage, courseIndex) in package.Courses!.Select((c, i) => (c, i)))
        {
            var course = new Course
            {
                CentreId = centreId, Key = coursePackage.Key!.Trim(), Title = coursePackage.Title!.Trim(), Subject = coursePackage.Subject!.Value,
                Description = coursePackage.Description?.Trim(), Order = firstCourseOrder + courseIndex,
            };
            db.Courses.Add(course);
            foreach (var levelPackage in coursePackage.Levels!.OrderBy(l => l.Number))
            {
                var level = new CourseLevel { CentreId = centreId, CourseId = course.Id, Number = levelPackage.Number, Title = levelPackage.Title!.Trim() };
                db.CourseLevels.Add(level);
                levels++;
                var sequence = 0;
                foreach (var (unitPackage, unitOrder) in levelPackage.Units!.Select((u, i) => (u, i)))
                {
                    var unit = new Unit { CentreId = centreId, LevelId = level.Id, Title = unitPackage.Title!.Trim(), Order = unitOrder };
                    db.Units.Add(unit);
                    units++;
                    foreach (var (lessonPackage, lessonOrder) in unitPackage.Lessons!.Select((l, i) => (l, i)))
                    {
                        var lesson = new Lesson { CentreId = centreId, UnitId = unit.Id, Title = lessonPackage.Title!.Trim(), Order = lessonOrder };
                        db.Lessons.Add(lesson);
                        lessons++;
                        foreach (var exercisePackage in lessonPackage.Exercises!)
                        {
                            var qs = exercisePackage.Questions!;
                            db.Exercises.Add(new Exercise
                            {
                                CentreId = centreId, LessonId = lesson.Id, CourseId = course.Id, LevelNumber = level.Number, Sequence = ++sequence,
                                Title = exercisePackage.Title!.Trim(), Instructions = exercisePackage.Instructions?.Trim(),
                                Difficulty = exercisePackage.Difficulty!.Value, EstimatedMinutes = exercisePackage.EstimatedMinutes!.Value,
                                Questions = qs, MaxScore = qs.Sum(q => q.Points),
                            });
                            exercises++;
                            questions += qs.Count;
                        }
                    }
                }
            }
        }
        return new ImportSummary(package.Courses!.Count, levels, units, lessons, exercises, questions);
    }
}

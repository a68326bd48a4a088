using System.Text.Json;
using LiveRoomLoad;

// dotnet LiveRoomLoad.dll prepare <db> <sessions> <students-per-session> <tokens.json>
// dotnet LiveRoomLoad.dll run <server-url> <tokens.json> <server-pid> <steps, e.g. 1000,2000,5000> [warm-up s] [hold s]
if (args is ["prepare", var db, var sessions, var perSession, var tokens])
{
    await Prepare.RunAsync(db, int.Parse(sessions), int.Parse(perSession), tokens);
    return 0;
}
if (args is ["run", var url, var tokensFile, var pid, var steps, ..])
{
    var plan = JsonSerializer.Deserialize<LoadPlan>(await File.ReadAllTextAsync(tokensFile))!;
    Load.ExerciseId = plan.ExerciseId;
    var warmUp = TimeSpan.FromSeconds(args.Length > 5 ? int.Parse(args[5]) : 20);
    var hold = TimeSpan.FromSeconds(args.Length > 6 ? int.Parse(args[6]) : 60);
    await new Load(new Uri(url.Replace("http", "ws")), plan.Rooms, int.Parse(pid)).RunAsync(steps.Split(',').Select(int.Parse).ToList(), warmUp, hold);
    return 0;
}
Console.Error.WriteLine("usage: prepare <db> <sessions> <per-session> <tokens.json> | run <url> <tokens.json> <server-pid> <steps> [warm-up s] [hold s]");
return 2;

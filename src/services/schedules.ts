export class ScheduleService {}
